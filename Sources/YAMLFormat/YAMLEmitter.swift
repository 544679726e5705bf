internal import CYAML
import ReviewExporting

/// libyaml's emitter, writing into a sink: one handle per export, freed when
/// done. Every libyaml call of the writing side is one of its typed methods;
/// they check that events come in an order libyaml accepts (a stream holds
/// one document, which holds nested mappings and sequences), so a mistake is
/// a clear precondition failure rather than libyaml's "expected …" error.
final class YAMLEmitter {
  /// Where the emitter is in the stream.
  private enum State { case beforeStream, beforeDocument, inDocument, afterDocument, ended }

  /// What a scalar is written as.
  enum ScalarStyle {
    case plain, literal, doubleQuoted

    fileprivate var libyaml: yaml_scalar_style_t {
      switch self {
      case .plain: YAML_PLAIN_SCALAR_STYLE
      case .literal: YAML_LITERAL_SCALAR_STYLE
      case .doubleQuoted: YAML_DOUBLE_QUOTED_SCALAR_STYLE
      }
    }
  }

  // An emitter is used by one thread, call by call: Swift's run-time
  // exclusivity checks (at every access, for every event) are turned off.
  @exclusivity(unchecked) private var emitter = yaml_emitter_t()
  @exclusivity(unchecked) private var state = State.beforeStream
  /// Open mappings and sequences.
  @exclusivity(unchecked) private var depth = 0
  private let sink: ByteSink
  /// The first error the sink raised inside libyaml's write callback.
  @exclusivity(unchecked) fileprivate var sinkError: (any Error)?

  init(sink: ByteSink, indent: Int) throws {
    self.sink = sink
    guard yaml_emitter_initialize(&emitter) == 1 else { throw ExportError("libyaml could not create an emitter") }
    yaml_emitter_set_output(&emitter, yamlWrite, Unmanaged.passUnretained(self).toOpaque())
    yaml_emitter_set_unicode(&emitter, 1)
    yaml_emitter_set_indent(&emitter, Int32(indent))
    // No line is ever folded: a folded line is one more way to change a value.
    yaml_emitter_set_width(&emitter, -1)
    yaml_emitter_set_break(&emitter, YAML_LN_BREAK)
  }

  deinit { yaml_emitter_delete(&emitter) }

  /// Starts the stream (UTF-8) and its one document, with an explicit `---` if `explicitStart`.
  func startDocument(explicitStart: Bool) throws {
    precondition(state == .beforeStream, "one document per emitter")
    try emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
    try emit { yaml_document_start_event_initialize($0, nil, nil, nil, explicitStart ? 0 : 1) }
    state = .inDocument
  }

  /// Ends the document and the stream, and writes what libyaml still holds.
  func endDocument() throws {
    precondition(state == .inDocument && depth == 0, "the document's mappings and sequences must be closed first")
    try emit { yaml_document_end_event_initialize($0, 1) }
    try emit { yaml_stream_end_event_initialize($0) }
    state = .ended
    guard yaml_emitter_flush(&emitter) == 1 else { throw failure() }
  }

  /// Writes what libyaml holds of the events it has taken. An event libyaml
  /// still waits on (a mapping or sequence start, whose style depends on what
  /// follows) stays with it.
  func flush() throws {
    guard yaml_emitter_flush(&emitter) == 1 else { throw failure() }
  }

  /// Opens a block mapping.
  func startMapping() throws {
    precondition(state == .inDocument)
    try emit { yaml_mapping_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
    depth += 1
  }

  /// Closes the innermost mapping.
  func endMapping() throws {
    precondition(state == .inDocument && depth > 0)
    try emit { yaml_mapping_end_event_initialize($0) }
    depth -= 1
  }

  /// Opens a block sequence.
  func startSequence() throws {
    precondition(state == .inDocument)
    try emit { yaml_sequence_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
    depth += 1
  }

  /// Closes the innermost sequence.
  func endSequence() throws {
    precondition(state == .inDocument && depth > 0)
    try emit { yaml_sequence_end_event_initialize($0) }
    depth -= 1
  }

  /// Writes an untagged scalar in `style` (libyaml copies the text).
  func scalar(_ text: String, style: ScalarStyle) throws {
    precondition(state == .inDocument && depth > 0)
    var text = text
    try text.withUTF8 { utf8 in
      try emit { event in
        yaml_scalar_event_initialize(
          event, nil, nil, UnsafeMutablePointer(mutating: utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!),
          Int32(utf8.count), 1, 1, style.libyaml)
      }
    }
  }

  /// Emits one event made by `initialize`; libyaml takes ownership of it.
  private func emit(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) throws {
    var event = yaml_event_t()
    guard initialize(&event) == 1 else { throw ExportError("libyaml could not create an event") }
    guard yaml_emitter_emit(&emitter, &event) == 1 else { throw failure() }
  }

  private func failure() -> any Error {
    if let sinkError { return sinkError }
    let problem = emitter.problem.map { String(cString: $0) } ?? "unknown error"
    return ExportError("libyaml's emitter failed: \(problem)")
  }

  fileprivate func write(_ buffer: UnsafeRawBufferPointer) -> Int32 {
    do {
      try sink.write(buffer)
      return 1
    } catch {
      if sinkError == nil { sinkError = error }
      return 0
    }
  }
}

/// libyaml's write callback: no captures, the emitter comes through `data`.
private let yamlWrite: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int) -> Int32 = {
  data, buffer, size in
  guard let data else { return 0 }
  let emitter = Unmanaged<YAMLEmitter>.fromOpaque(data).takeUnretainedValue()
  return emitter.write(UnsafeRawBufferPointer(start: buffer, count: size))
}
