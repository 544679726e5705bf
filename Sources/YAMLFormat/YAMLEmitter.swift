internal import CYAML
import ReviewExporting

/// libyaml's emitter, writing into a sink: one handle per export, freed when done.
final class YAMLEmitter {
  private var emitter = yaml_emitter_t()
  private let sink: ByteSink
  /// The first error the sink raised inside libyaml's write callback.
  fileprivate var sinkError: (any Error)?

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

  /// Emits one event made by `initialize`; libyaml takes ownership of it.
  func emit(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) throws {
    var event = yaml_event_t()
    guard initialize(&event) == 1 else { throw ExportError("libyaml could not create an event") }
    guard yaml_emitter_emit(&emitter, &event) == 1 else { throw failure() }
  }

  func flush() throws {
    guard yaml_emitter_flush(&emitter) == 1 else { throw failure() }
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
