internal import CLibXML2
import ReviewExporting

/// Carries a sink into libxml2's output callbacks, and the first error they met.
final class LibXMLOutput {
  let sink: ByteSink
  var error: (any Error)?

  init(sink: ByteSink) { self.sink = sink }

  /// An output buffer that writes into the sink. libxml2 owns it once it is
  /// handed to a writer; keep `self` alive while it is in use.
  func makeBuffer() -> xmlOutputBufferPtr? {
    xmlOutputBufferCreateIO(libXMLWrite, libXMLClose, Unmanaged.passUnretained(self).toOpaque(), nil)
  }
}

/// libxml2's write callback: no captures, the sink comes through the context.
private let libXMLWrite: xmlOutputWriteCallback = { context, buffer, length in
  guard let context, let buffer, length >= 0 else { return -1 }
  let output = Unmanaged<LibXMLOutput>.fromOpaque(context).takeUnretainedValue()
  do {
    try output.sink.write(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
    return length
  } catch {
    if output.error == nil { output.error = error }
    return -1
  }
}

private let libXMLClose: xmlOutputCloseCallback = { _ in 0 }
