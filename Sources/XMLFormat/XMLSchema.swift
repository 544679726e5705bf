internal import CLibXML2

/// The XML Schema (XSD 1.0) of the `xml` format, and a validator for it.
public enum XMLSchema {
  /// The schema's text, as `review-export schema xml` prints it: made from
  /// the catalog's shape (``XMLSchemaText``), so it cannot drift from what
  /// the reader and the writer do.
  public static let text = XMLSchemaText.make()

  /// Checks an XML document against the schema with libxml2's validator.
  ///
  /// - Returns: libxml2's messages, `line N: message` each; empty when valid.
  public static func validate(_ document: [UInt8]) -> [String] {
    let collector = MessageCollector()
    return withExtendedLifetime(collector) {
      let context = Unmanaged.passUnretained(collector).toOpaque()
      let schemaBytes = Array(text.utf8)
      guard
        let parserContext = schemaBytes.withUnsafeBufferPointer({ buffer in
          buffer.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        })
      else { return ["cannot read the schema"] }
      defer { xmlSchemaFreeParserCtxt(parserContext) }
      xmlSchemaSetParserStructuredErrors(parserContext, collectMessage, context)
      guard let schema = xmlSchemaParse(parserContext) else { return ["the schema is invalid"] + collector.messages }
      defer { xmlSchemaFree(schema) }
      let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
      guard
        let doc = document.withUnsafeBufferPointer({ buffer in
          buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), "output.xml", nil, options) }
        })
      else { return ["the document is not well-formed XML"] }
      defer { xmlFreeDoc(doc) }
      guard let validator = xmlSchemaNewValidCtxt(schema) else { return ["cannot create a validator"] }
      defer { xmlSchemaFreeValidCtxt(validator) }
      xmlSchemaSetValidStructuredErrors(validator, collectMessage, context)
      let status = xmlSchemaValidateDoc(validator, doc)
      if status != 0 && collector.messages.isEmpty { return ["validation failed (status \(status))"] }
      return collector.messages
    }
  }
}

private final class MessageCollector {
  var messages: [String] = []
}

private let collectMessage: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  let collector = Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue()
  var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
  while message.last == "\n" { message.removeLast() }
  collector.messages.append("line \(error.pointee.line): \(message)")
}
