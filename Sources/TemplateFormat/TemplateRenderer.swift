import Dispatch
import Foundation
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
  /// Where the output goes; `nil` for a renderer of a part of a list, whose
  /// output is kept until it is handed over.
  private let sink: ByteSink?
  /// Whether a long list may be rendered in parts side by side.
  private let parallel: Bool
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

  /// A renderer writing to `sink`; with `parallel`, the elements of a long
  /// list are rendered in parts on more than one thread, and written in order.
  init(program: TemplateProgram, escaping: TemplateExporter.Escaping, sink: ByteSink, parallel: Bool) {
    self.init(program: program, escaping: escaping, sink: sink, parallel: parallel, stack: [])
  }

  private init(program: TemplateProgram, escaping: TemplateExporter.Escaping, sink: ByteSink?, parallel: Bool, stack: [TemplateValue]) {
    self.program = program
    self.escaping = escaping
    self.sink = sink
    self.parallel = parallel
    self.stack = stack
    out.reserveCapacity(1 << 17)
  }

  /// Renders the template `name` with `root` as the context.
  mutating func render(_ name: String, with root: TemplateValue) throws {
    guard let nodes = program.templates[name] else { throw ExportError("the template '\(name)' is missing") }
    stack = [root]
    try render(nodes, Context())
    try handOver()
  }

  /// Writes the output so far to the sink, unless a render in progress
  /// indents its lines (and may yet insert into it).
  private mutating func handOver(atLeast size: Int = 0) throws {
    guard let sink, indenting == 0, out.count >= size else { return }
    try sink.write(out)
    out.removeAll(keepingCapacity: true)
  }

  private mutating func render(_ nodes: [TemplateProgram.Node], _ context: Context) throws {
    guard let indentation = context.indentation, !indentation.isEmpty else {
      for node in nodes {
        try render(node, context)
        try handOver(atLeast: 1 << 16)
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
    case .text(let bytes):
      out.append(contentsOf: bytes)
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
        if parallel && indenting == 0 && count >= 2 * Self.partSize {
          try renderInParts(list, body, context)
          return
        }
        for index in 0..<count {
          stack.append(try list.element(at: index))
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

  /// How long a list is before it is rendered in parts: two parts of this many elements.
  private static let partSize = 16
  /// How many parts are rendered ahead of the one being written.
  private static let partsAhead = 8
  /// About how many bytes a part renders to: parts are sized by what the
  /// parts before them made, so that the parts ahead hold a few MiB however
  /// large the elements are (a page's works, each with its reviews, made
  /// 1–2 MiB parts of 16 elements, and eight of them ahead took 10 MiB).
  private static let partBytes = 1 << 17
  /// How many elements the first parts have, before any has been measured.
  private static let firstPartSize = 4

  /// Renders the elements of `list` in parts on the machine's cores, each
  /// part by a renderer of its own with the same context, and writes the
  /// parts in order as they complete: the same bytes as one element after
  /// the other. The next parts render while one is written, so no core
  /// waits for the slowest part of a round.
  private mutating func renderInParts(_ list: any TemplateList, _ body: [TemplateProgram.Node], _ context: Context) throws {
    try handOver()
    let job = PartsJob(renderer: self, list: list, body: body, indentation: context.indentation, count: list.count)
    var pending: [RenderedPart] = []
    var next = 0
    // What the parts written so far made, to size the next ones.
    var writtenElements = 0
    var writtenBytes = 0
    defer {
      // A part still rendering reads the view: wait for every one started
      // before leaving; those not started are dropped.
      for part in pending {
        if part.claim() { part.finish(.success([])) }
        part.wait()
      }
    }
    while next < job.count || !pending.isEmpty {
      while pending.count < Self.partsAhead && next < job.count {
        let size =
          writtenElements == 0
          ? Self.firstPartSize : min(4 * Self.partSize, max(1, Self.partBytes * writtenElements / max(writtenBytes, 1)))
        let part = RenderedPart(range: next..<min(next + size, job.count))
        DispatchQueue.global().async { if part.claim() { job.render(part) } }
        pending.append(part)
        next = part.range.upperBound
      }
      let part = pending.removeFirst()
      // Still not started after a while (every worker of the pool blocked
      // elsewhere): this thread renders it, so that the list goes on
      // whatever the pool does. Not at once: a third thread rendering on
      // two cores made pages 7–15% slower.
      if !part.wait(timeout: .milliseconds(50)), part.claim() { job.render(part) }
      part.wait()
      let bytes = try part.result.get()
      writtenElements += part.range.count
      writtenBytes += bytes.count
      if let sink, indenting == 0 {
        try sink.write(bytes)
      } else {
        out.append(contentsOf: bytes)
      }
    }
  }

  /// One part of a list, rendered by whichever thread claims it first (a
  /// worker, or the writing thread when no worker has come to it): its
  /// elements, and its bytes once rendered.
  private final class RenderedPart: @unchecked Sendable {
    let range: Range<Int>
    private let lock = NSLock()
    private var claimed = false
    private let done = DispatchSemaphore(value: 0)
    /// Written by the rendering thread before it signals, read after ``wait()``.
    var result: Result<[UInt8], any Error> = .success([])
    /// Whether ``wait()`` has returned once (a semaphore is signalled once).
    private var waited = false

    init(range: Range<Int>) { self.range = range }

    /// Whether this call claims the part; only one does.
    func claim() -> Bool {
      lock.withLock {
        defer { claimed = true }
        return !claimed
      }
    }

    func finish(_ result: Result<[UInt8], any Error>) {
      self.result = result
      done.signal()
    }

    /// Waits until the part is rendered; at once after the first time.
    func wait() {
      guard !waited else { return }
      done.wait()
      waited = true
    }

    /// Waits until the part is rendered or `timeout` has passed; whether it is rendered.
    func wait(timeout: DispatchTimeInterval) -> Bool {
      guard !waited else { return true }
      waited = done.wait(timeout: .now() + timeout) == .success
      return waited
    }
  }

  /// What every part of a list shares; the view is only read.
  private final class PartsJob: @unchecked Sendable {
    let renderer: TemplateRenderer
    let list: any TemplateList
    let body: [TemplateProgram.Node]
    let indentation: String?
    let count: Int

    init(renderer: TemplateRenderer, list: any TemplateList, body: [TemplateProgram.Node], indentation: String?, count: Int) {
      self.renderer = renderer
      self.list = list
      self.body = body
      self.indentation = indentation
      self.count = count
    }

    func render(_ part: RenderedPart) {
      part.finish(
        Result { () throws -> [UInt8] in
          var renderer = TemplateRenderer(
            program: self.renderer.program, escaping: self.renderer.escaping, sink: nil, parallel: false, stack: self.renderer.stack)
          renderer.partialDepth = self.renderer.partialDepth
          for index in part.range {
            renderer.stack.append(try list.element(at: index))
            defer { renderer.stack.removeLast() }
            try renderer.render(
              body, Context(place: Place(first: index == 0, last: index == count - 1, index: index), indentation: indentation))
          }
          return renderer.out
        })
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
        // By index, so that no value of the stack is copied on the way.
        for index in stack.indices.reversed() {
          if let child = Self.child(of: stack[index], first) {
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

  /// A text's bytes inserted, escaped for the output unless `escaped` is false.
  private mutating func insert(_ utf8: UnsafeBufferPointer<UInt8>, escaped: Bool) {
    guard escaped else {
      out.append(contentsOf: utf8)
      return
    }
    switch escaping {
    case .none: out.append(contentsOf: utf8)
    case .html: HTMLEscaping.escape(utf8, into: &out)
    case .markdown: MarkdownEscaping.escape(utf8, into: &out)
    }
  }

  /// A value inserted: texts escaped for the output (unless `escaped` is
  /// false), flags as `true`/`false`, numbers in decimal. A list or an
  /// object inserted as a value renders nothing.
  private mutating func write(_ value: TemplateValue, escaped: Bool) throws {
    switch value {
    case .text(var text):
      text.withUTF8 { insert($0, escaped: escaped) }
    case .part(var text, let start, let end):
      text.withUTF8 { insert(UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(end)]), escaped: escaped) }
    case .embedded(let script):
      if escaped && escaping == .markdown {
        out.append(contentsOf: MarkdownEscaping.escape(script.text).utf8)
        return
      }
      try script.forEachPiece { piece in
        if escaped && escaping == .html { HTMLEscaping.escape(piece, into: &out) } else { out.append(contentsOf: piece) }
        try handOver()
      }
    case .flag(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let number): out.append(contentsOf: String(number).utf8)
    case .object, .list: break
    }
  }
}
