import CLibXML2
import ReviewExporting
import TestSupport
import Testing

@testable import XMLFormat

/// `XMLDocumentWriter` writes a text element whole, as one raw write with
/// its indentation, where libxml2's writer would write it in pieces; its
/// documents must equal libxml2's own for every shape of tree: elements
/// nested at any depth, text elements first in an element, after
/// attributes, after other elements and before end tags, texts beside
/// them, empty elements, at every indentation.
@Suite struct XMLWholeElementTests {
  enum Step {
    case start(String)
    case attribute(String, String)
    case textElement(String, String)
    case text(String)
    case end
  }

  /// A random but valid sequence of steps: one root, attributes only right
  /// after a start tag, every element closed.
  static func randomSteps(_ generator: inout SeededGenerator) -> [Step] {
    let names = ["a", "review", "x-y", "credits"]
    let texts = ["", "plain", "a < b & \"c\"\r\n", "日本語", "]]>", "  "]
    var steps: [Step] = [.start("root")]
    var depth = 1
    var justOpened = true
    for _ in 0..<Int.random(in: 1..<40, using: &generator) {
      switch Int.random(in: 0..<10, using: &generator) {
      case 0..<3 where depth < 7:
        steps.append(.start(names.randomElement(using: &generator)!))
        depth += 1
        justOpened = true
      case 3 where justOpened:
        steps.append(.attribute("id", texts.randomElement(using: &generator)!))
      case 4:
        steps.append(.text(texts.randomElement(using: &generator)!))
        justOpened = false
      case 5..<8:
        steps.append(.textElement(names.randomElement(using: &generator)!, texts.randomElement(using: &generator)!))
        justOpened = false
      default:
        guard depth > 1 else { continue }
        steps.append(.end)
        depth -= 1
        justOpened = false
      }
    }
    steps += Array(repeating: .end, count: depth)
    return steps
  }

  static func ours(_ steps: [Step], indent: Int) throws -> String {
    let sink = ByteSink.memory()
    let document = try XMLDocumentWriter(sink: sink, indent: indent)
    try document.startDocument()
    for step in steps {
      switch step {
      case .start(let name): try document.startElement(name)
      case .attribute(let name, let value): try document.attribute(name, value)
      case .textElement(let name, let text): try document.textElement(name, text)
      case .text(let text): try document.text(text)
      case .end: try document.endElement()
      }
    }
    try document.endDocument()
    return String(decoding: sink.bytes, as: UTF8.self)
  }

  static func libxml2s(_ steps: [Step], indent: Int) -> String {
    let buffer = xmlBufferCreate()!
    defer { xmlBufferFree(buffer) }
    let writer = xmlNewTextWriterMemory(buffer, 0)!
    if indent > 0 {
      xmlTextWriterSetIndent(writer, 1)
      xmlTextWriterSetIndentString(writer, String(repeating: " ", count: indent))
    }
    xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    for step in steps {
      switch step {
      case .start(let name): xmlTextWriterStartElement(writer, name)
      case .attribute(let name, let value): xmlTextWriterWriteAttribute(writer, name, value)
      case .textElement(let name, let text): xmlTextWriterWriteElement(writer, name, text)
      case .text(let text): xmlTextWriterWriteString(writer, text)
      case .end: xmlTextWriterEndElement(writer)
      }
    }
    xmlTextWriterEndDocument(writer)
    xmlFreeTextWriter(writer)
    return String(decoding: UnsafeBufferPointer(start: xmlBufferContent(buffer), count: Int(xmlBufferLength(buffer))), as: UTF8.self)
  }

  @Test(arguments: [0, 1, 2, 5])
  func everyShapeOfTreeIsWrittenAsLibxml2WritesIt(indent: Int) throws {
    var generator = SeededGenerator(seed: 0xA11_E1E5 + UInt64(indent))
    var failures = 0
    for _ in 0..<1_500 {
      let steps = Self.randomSteps(&generator)
      let ours = try Self.ours(steps, indent: indent)
      let theirs = Self.libxml2s(steps, indent: indent)
      if ours != theirs {
        failures += 1
        if failures <= 3 { Issue.record("\(steps)\nours:\n\(ours)\nlibxml2's:\n\(theirs)") }
      }
    }
    #expect(failures == 0)
  }
}
