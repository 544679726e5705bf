import ReviewExporting

/// Renders a ``TemplateProgram`` against the template view, writing bytes to
/// a sink as it goes: what it holds is the view's context and the output
/// not yet handed to the sink, never the whole page.
///
/// It renders as swift-mustache does (the tests compare the two on every
/// template they have): a name is looked for up the context, a list renders
/// its section once per element, a flag decides, any other value becomes
/// the context; a standalone partial indents each line it renders.
struct TemplateRenderer {
  private let program: TemplateProgram
  private let escaping: TemplateExporter.Escaping
  private let sink: ByteSink
  private var out: [UInt8] = []
  /// The objects in hand, innermost last.
  private var stack: [TemplateValue] = []
  /// How many renders in progress indent their lines (their output cannot
  /// be handed on until they end).
  private var indenting = 0
  private var partialDepth = 0

  /// A list element's place in its list.
  private struct Place {
    var first: Bool
    var last: Bool
    var index: Int
  }

  private struct Context {
    var place: Place?
    var indentation: String?
  }

  init(program: TemplateProgram, escaping: TemplateExporter.Escaping, sink: ByteSink) {
    self.program = program
    self.escaping = escaping
    self.sink = sink
    out.reserveCapacity(1 << 17)
  }

  /// Renders the template `name` with `root` as the context.
  mutating func render(_ name: String, with root: TemplateValue) throws {
    guard let nodes = program.templates[name] else { throw ExportError("the template '\(name)' is missing") }
    stack = [root]
    try render(nodes, Context())
    try sink.write(out)
    out.removeAll(keepingCapacity: true)
  }

  private mutating func render(_ nodes: [TemplateProgram.Node], _ context: Context) throws {
    guard let indentation = context.indentation, !indentation.isEmpty else {
      for node in nodes {
        try render(node, context)
        if indenting == 0 && out.count >= 1 << 16 {
          try sink.write(out)
          out.removeAll(keepingCapacity: true)
        }
      }
      return
    }
    // As swift-mustache does: a part that renders something, after this
    // render has ended a line (`\n`, not `\r\n`), gets the indentation first.
    indenting += 1
    defer { indenting -= 1 }
    let start = out.count
    for node in nodes {
      let before = out.count
      let endsLine = before > start && out[before - 1] == 0x0A && !(before - 1 > start && out[before - 2] == 0x0D)
      try render(node, context)
      if endsLine && out.count > before { out.insert(contentsOf: indentation.utf8, at: before) }
    }
  }

  private mutating func render(_ node: TemplateProgram.Node, _ context: Context) throws {
    switch node {
    case .text(let text):
      out.append(contentsOf: text.utf8)
    case .variable(let name, let escaped):
      guard let value = lookUp(name, context) else { return }
      try write(value, escaped: escaped)
    case .section(let name, let inverted, let body):
      let value = lookUp(name, context)
      if inverted {
        switch value {
        case .list(let list) where list.count == 0:
          stack.append(.list(list))
          defer { stack.removeLast() }
          try render(body, Context(place: nil, indentation: context.indentation))
        case .flag(false), nil: try render(body, context)
        default: break
        }
        return
      }
      switch value {
      case nil, .flag(false): break
      case .flag(true): try render(body, context)
      case .list(let list):
        let count = list.count
        for index in 0..<count {
          stack.append(list.element(at: index))
          defer { stack.removeLast() }
          try render(body, Context(place: Place(first: index == 0, last: index == count - 1, index: index), indentation: context.indentation))
        }
      case let value?:
        stack.append(value)
        defer { stack.removeLast() }
        try render(body, Context(place: nil, indentation: context.indentation))
      }
    case .partial(let name, let indentation):
      guard let nodes = program.templates[name] else { return }
      guard partialDepth < 100 else { throw ExportError("the partial '\(name)' includes itself, or partials nest more than 100 deep") }
      partialDepth += 1
      defer { partialDepth -= 1 }
      try render(nodes, Context(place: nil, indentation: indentation.map { (context.indentation ?? "") + $0 } ?? context.indentation))
    }
  }

  /// What `name` names in the context, as swift-mustache finds it: the first
  /// part up the stack (unless the name starts with `.`), the rest inside it.
  private func lookUp(_ name: TemplateProgram.Name, _ context: Context) -> TemplateValue? {
    switch name {
    case .current:
      return stack.last
    case .place(let transform):
      guard let place = context.place else { return nil }
      switch transform {
      case .first: return .flag(place.first)
      case .last: return .flag(place.last)
      case .index: return .number(place.index)
      case .even: return .flag(place.index & 1 == 0)
      case .odd: return .flag(place.index & 1 == 1)
      }
    case .path(let parts, let climbs):
      guard let first = parts.first else { return stack.last }
      var found: TemplateValue?
      if climbs {
        for value in stack.reversed() {
          if let child = Self.child(of: value, first) {
            found = child
            break
          }
        }
      } else if let last = stack.last {
        found = Self.child(of: last, first)
      }
      guard var value = found else { return nil }
      for part in parts.dropFirst() {
        guard let child = Self.child(of: value, part) else { return nil }
        value = child
      }
      return value
    }
  }

  private static func child(of value: TemplateValue, _ key: TemplateKey?) -> TemplateValue? {
    guard let key, case .object(let object) = value else { return nil }
    return object.value(key)
  }

  /// A value inserted: texts escaped for the output (unless `escaped` is
  /// false), flags as `true`/`false`, numbers in decimal. A list or an
  /// object inserted as a value renders nothing.
  private mutating func write(_ value: TemplateValue, escaped: Bool) throws {
    switch value {
    case .text(let text):
      guard escaped else {
        out.append(contentsOf: text.utf8)
        return
      }
      switch escaping {
      case .none: out.append(contentsOf: text.utf8)
      case .html:
        var text = text
        text.withUTF8 { HTMLEscaping.escape($0, into: &out) }
      case .markdown: out.append(contentsOf: MarkdownEscaping.escape(text).utf8)
      }
    case .embedded(let script):
      if escaped && escaping == .markdown {
        out.append(contentsOf: MarkdownEscaping.escape(script.text).utf8)
        return
      }
      try script.forEachPiece { piece in
        if escaped && escaping == .html { HTMLEscaping.escape(piece, into: &out) } else { out.append(contentsOf: piece) }
        if indenting == 0 {
          try sink.write(out)
          out.removeAll(keepingCapacity: true)
        }
      }
    case .flag(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let number): out.append(contentsOf: String(number).utf8)
    case .object, .list: break
    }
  }
}
