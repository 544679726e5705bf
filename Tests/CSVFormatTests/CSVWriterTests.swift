import Testing

@testable import CSVFormat

/// The skip that finds where a cell needs quoting (its delimiter, `"`, CR or
/// LF) and where its quotes are doubled, sixteen bytes at a time.
@Suite struct CSVWriterTests {
  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
  func everySpecialByteIsFoundAtEveryOffset(_ delimiter: UInt8) {
    let special = CSVWriter.SpecialBytes(delimiter, 0x22, 0x0D, 0x0A)
    var failures: [String] = []
    for count in 0...40 {
      for offset in 0...count {
        for byte in [delimiter, 0x22, 0x0D, 0x0A] {
          var cell = [UInt8](repeating: UInt8(ascii: "x"), count: count)
          if offset < count { cell[offset] = byte }
          for start in [0, min(3, count)] {
            let expected = cell[start...].firstIndex(where: { [delimiter, 0x22, 0x0D, 0x0A].contains($0) }) ?? count
            let found = cell.withUnsafeBufferPointer { CSVWriter.firstByte(in: $0, from: start, special: special) }
            if found != expected { failures.append("\(count) \(offset) \(byte) from \(start): \(found), not \(expected)") }
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
  }

}
