import Foundation
import ReviewCatalog
import ReviewExporting

/// Reads and checks the JSON object a program prints for `describe`.
enum ExternalDescription {
  private struct Description: Decodable {
    var `protocol`: Int
    var name: String
    var `extension`: String
    var mediaType: String
    var description: String
    var options: [Option]?
  }

  private struct Option: Decodable {
    var name: String
    var type: String
    var `default`: Value?
    var description: String?
  }

  private enum Value: Decodable {
    case boolean(Bool)
    case integer(Int64)
    case string(String)
    case other

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let value = try? container.decode(Bool.self) {
        self = .boolean(value)
      } else if let value = try? container.decode(Int64.self) {
        self = .integer(value)
      } else if let value = try? container.decode(String.self) {
        self = .string(value)
      } else {
        self = .other
      }
    }
  }

  static func parse(_ data: Data, expectedName: String) throws -> FormatDescriptor {
    func problem(_ text: String) -> ExportError { ExportError("its 'describe' output \(text)") }
    let description: Description
    do {
      description = try JSONDecoder().decode(Description.self, from: data)
    } catch DecodingError.keyNotFound(let key, _) {
      throw problem("lacks \"\(key.stringValue)\"")
    } catch DecodingError.typeMismatch(_, let context) {
      throw problem("has the wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
    } catch {
      throw problem("is not a JSON object of the protocol's shape")
    }
    guard description.protocol == ExternalFormats.protocolVersion else {
      throw problem("speaks protocol \(description.protocol); this tool speaks \(ExternalFormats.protocolVersion)")
    }
    guard description.name == expectedName else {
      throw problem("names the format '\(description.name)', but the program is named for '\(expectedName)'")
    }
    let fileExtension = description.extension
    let tokenCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    guard !fileExtension.isEmpty, fileExtension.count <= 32, fileExtension.allSatisfy({ tokenCharacters.contains($0) }),
      !fileExtension.hasPrefix("."), !fileExtension.hasSuffix("."), !fileExtension.contains("..")
    else {
      throw problem(
        "needs an \"extension\" of at most 32 letters, digits, '-', '_' and inner dots (such as \"ics\" or \"tar.gz\"); got \(ScalarRules.quoted(fileExtension))"
      )
    }
    var options: [OptionDescriptor] = []
    for option in description.options ?? [] {
      let help = option.description ?? ""
      switch (option.type, option.default) {
      case ("string", .string(let value)?):
        options.append(OptionDescriptor(name: option.name, kind: .string, defaultValue: .string(value), help: help))
      case ("integer", .integer(let value)?):
        options.append(OptionDescriptor(name: option.name, kind: .integer(Int64.min...Int64.max), defaultValue: .integer(value), help: help))
      case ("boolean", .boolean(let value)?):
        options.append(OptionDescriptor(name: option.name, kind: .boolean, defaultValue: .boolean(value), help: help))
      case ("string", _), ("integer", _), ("boolean", _):
        throw problem("gives option '\(option.name)' a default that is not a \(option.type)")
      default:
        throw problem("gives option '\(option.name)' the type '\(option.type)'; use string, integer or boolean")
      }
    }
    return FormatDescriptor(
      name: description.name, fileExtension: fileExtension, mediaType: description.mediaType,
      summary: description.description, options: options)
  }
}
