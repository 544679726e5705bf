#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ReviewExporting

/// A file written once and then read, for what a streamed page holds until
/// it is rendered (``Spill``, ``EmbeddedScript``).
///
/// It is removed as soon as it is open, so nothing is left behind whatever
/// happens to the process; it goes when this object goes.
final class ScratchFile {
  private let descriptor: Int32
  /// Where to write.
  let sink: ByteSink
  /// A new file at `path` (a scratch path of the output).
  init(path: String) throws {
    descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw ExportError("cannot make the scratch file \(path): \(String(cString: strerror(errno)))") }
    unlink(path)
    sink = ByteSink(fileDescriptor: descriptor)
  }

  deinit {
    close(descriptor)
  }

  /// How many bytes were written.
  var count: Int { sink.bytesWritten }

  /// Ends writing: what was written can be read from now on.
  func finishWriting() throws {
    try sink.flush()
  }

  /// Reads `count` bytes at `offset` onto the end of `buffer`, from any
  /// thread. (Not through a mapping: reads all over a mapped file make the
  /// whole file resident, the system mapping the pages around each read.)
  func read(at offset: Int, count: Int, appendingTo buffer: inout [UInt8]) throws {
    let old = buffer.count
    var failure: Int32 = 0
    buffer.append(contentsOf: repeatElement(0, count: count))
    buffer.withUnsafeMutableBytes { all in
      let bytes = UnsafeMutableRawBufferPointer(rebasing: all[old...])
      var done = 0
      while done < count {
        let got = pread(descriptor, bytes.baseAddress! + done, count - done, off_t(offset + done))
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else {
          failure = got < 0 ? errno : EIO
          return
        }
        done += got
      }
    }
    if failure != 0 { throw ExportError("cannot read back a scratch file: \(String(cString: strerror(failure)))") }
  }
}

/// Another exporter's output that the page embeds (its `structuredData`),
/// kept in a scratch file as it is written, and inserted into the page as
/// the text of a `<script>` element (``ScriptText``), a piece at a time.
final class EmbeddedScript {
  /// The name of the option with which an exporter writes JSON that is
  /// already safe in a `<script>` element (the `jsonld` format's): its
  /// output is then copied as it is, not escaped a second time.
  static let scriptSafeOption = "script-safe"

  let file: ScratchFile
  /// Whether the exporter wrote script-safe text itself.
  let isScriptSafe: Bool

  init(path: String, isScriptSafe: Bool) throws {
    file = try ScratchFile(path: path)
    self.isScriptSafe = isScriptSafe
  }

  /// Calls `body` with the script text, in pieces that end at a character's end.
  func forEachPiece(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    var raw: [UInt8] = []
    var out: [UInt8] = []
    raw.reserveCapacity((1 << 20) + 4)
    out.reserveCapacity((1 << 20) + 4096)
    var start = 0
    while start < file.count {
      // A piece, and the bytes of a character cut at its end kept for the next.
      try file.read(at: start, count: min(1 << 20, file.count - start), appendingTo: &raw)
      start += min(1 << 20, file.count - start)
      var end = raw.count
      if start < file.count {
        while end > 0 && raw[end - 1] & 0xC0 == 0x80 { end -= 1 }
        if end > 0 && raw[end - 1] >= 0xC0 { end -= 1 }
      }
      if isScriptSafe {
        try raw.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<end])) }
      } else {
        out.removeAll(keepingCapacity: true)
        raw.withUnsafeBufferPointer { ScriptText.escape(UnsafeBufferPointer(rebasing: $0[..<end]), into: &out) }
        try out.withUnsafeBufferPointer(body)
      }
      raw.removeSubrange(..<end)
    }
  }

  /// The whole script text, for renderers that need it as one text.
  var text: String {
    var all: [UInt8] = []
    try? forEachPiece { all.append(contentsOf: $0) }
    return String(decoding: all, as: UTF8.self)
  }
}

/// JSON as the text of an HTML `<script>` element: every `<` written
/// `\u003c` (it can only be inside a string), so no text, not even
/// `</script>` in a review, can end the element; and the characters HTML
/// forbids in a page (DEL, C1 controls, noncharacters) as `\uXXXX` too.
enum ScriptText {
  /// The bytes of `block` that are `<`, DEL, or the first bytes of C1
  /// controls and noncharacters.
  @inline(__always)
  static func needsLook(_ block: ByteVector.Block) -> ByteVector.Flags {
    (block .== ByteVector.splat(0x3C)) .| (block .== ByteVector.splat(0x7F)) .| ByteVector.htmlForbiddenLeads(block)
  }

  /// Appends `bytes` (valid UTF-8 JSON, whole characters) to `out`, escaped.
  ///
  /// Byte by byte: a multi-byte character is decoded only when its first
  /// byte is one a forbidden code point starts with (C2, EF, F0–F4).
  static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    func escape(_ scalar: Unicode.Scalar) {
      for unit in String(scalar).utf16 {
        let hex = String(unit, radix: 16)
        out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      }
    }
    guard let base = bytes.baseAddress else { return }
    var index = 0
    var plain = 0
    while index < bytes.count {
      // Runs of bytes that need nothing are skipped, then copied at once.
      index = ByteVector.firstFlagged(base, from: index, count: bytes.count, by: { needsLook($0) })
      guard index < bytes.count else { break }
      let byte = bytes[index]
      if plain < index { out += UnsafeBufferPointer(rebasing: bytes[plain..<index]) }
      defer { plain = index }
      if byte < 0x80 {
        escape(Unicode.Scalar(byte))
        index += 1
        continue
      }
      let end = min(index + (byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2), bytes.count)
      if byte == 0xC2 || byte == 0xEF || byte >= 0xF0 {
        let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self).unicodeScalars.first!
        let value = scalar.value
        if (0x80...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE {
          escape(scalar)
        } else {
          out += UnsafeBufferPointer(rebasing: bytes[index..<end])
        }
      } else {
        out += UnsafeBufferPointer(rebasing: bytes[index..<end])
      }
      index = end
    }
    if plain < index { out += UnsafeBufferPointer(rebasing: bytes[plain..<index]) }
  }
}
