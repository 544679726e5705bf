internal import CLibXML2

/// The names libxml2's SAX2 parser hands over (elements, attributes,
/// prefixes, namespaces), each made a `String` once.
///
/// The parser keeps every name in its dictionary, at one address for the
/// whole parse, so a name's address identifies it: the table maps addresses
/// to strings, one slot per address's hash (a name whose slot another took
/// is made again). The catalog's namespace becomes ``XMLTreeWriter``'s own
/// constant, so that events share it without counting references and the
/// decoder's comparison with it is a comparison of two words.
struct XMLNameTable {
  private static let slotBits = 7
  private var addresses = [UnsafePointer<xmlChar>?](repeating: nil, count: 1 << slotBits)
  private var strings = [String](repeating: "", count: 1 << slotBits)

  /// The name at `name`, an address in the parser's dictionary.
  mutating func string(_ name: UnsafePointer<xmlChar>) -> String {
    let hash = UInt(bitPattern: name).multipliedReportingOverflow(by: 0x9E37_79B9_7F4A_7C15).partialValue
    let slot = Int(truncatingIfNeeded: hash >> UInt(UInt.bitWidth - Self.slotBits))
    if addresses[slot] == name { return strings[slot] }
    var string = String(cString: name)
    if string == XMLTreeWriter.namespace { string = XMLTreeWriter.namespace }
    addresses[slot] = name
    strings[slot] = string
    return string
  }
}
