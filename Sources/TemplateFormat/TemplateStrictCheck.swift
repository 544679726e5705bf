import Foundation
import ReviewExporting

/// Checks that every tag of a template names something in the template view.
enum TemplateStrictCheck {
  /// Every key the view has, at any level, the places of a list element
  /// (`first()`, …), and Mustache's implicit `.`.
  static let knownNames: Set<String> = Set(TemplateKey.allCases.map(\.rawValue) + SequenceTransform.allCases.map(\.rawValue) + ["."])

  static func check(_ sources: [String: TemplateExporter.TemplateSource]) throws {
    for (_, source) in sources.sorted(by: { $0.key < $1.key }) {
      var line = 1
      var rest = Substring(source.text)
      while let open = rest.range(of: "{{") {
        line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
        guard let close = rest[open.upperBound...].range(of: "}}") else { break }
        var tag = rest[open.upperBound..<close.lowerBound]
        rest = rest[close.upperBound...]
        if tag.hasPrefix("{") { tag = tag.dropFirst() }
        guard let sigil = tag.first else { continue }
        // Comments, partials, pragmas, blocks and parents name no value.
        if "!>%$<=".contains(sigil) { continue }
        if "#^/&".contains(sigil) { tag = tag.dropFirst() }
        var name = tag.trimmingCharacters(in: .whitespaces)
        // A transform: `uppercased(name)`.
        if let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
          name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
        }
        for component in name.split(separator: ".") where !knownNames.contains(String(component)) {
          throw ExportError("\(source.file):\(line): error: '\(name)' names nothing in the template view (see docs/templates.md); check its spelling")
        }
      }
    }
  }
}
