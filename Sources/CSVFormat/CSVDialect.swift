import ReviewExporting

/// How CSV text is written: RFC 4180 by default, with the options users need
/// for spreadsheets.
struct CSVDialect {
  var delimiter: UInt8 = UInt8(ascii: ",")
  var lineEnding: [UInt8] = [0x0D, 0x0A]
  /// Quote every present field, not only those that need it.
  var quoteAll = false
  /// Begin the file with a UTF-8 byte order mark (Excel reads UTF-8 then).
  var byteOrderMark = false
  /// Neutralise text cells that a spreadsheet would run as a formula.
  var formulaGuard = false

  /// The options every CSV format takes.
  static let options: [OptionDescriptor] = [
    OptionDescriptor(
      name: "delimiter", kind: .choice(["comma", "semicolon", "tab"]), defaultValue: .string("comma"),
      help: "The field separator."),
    OptionDescriptor(
      name: "line-ending", kind: .choice(["crlf", "lf"]), defaultValue: .string("crlf"),
      help: "The record separator: CRLF as RFC 4180 says, or LF."),
    OptionDescriptor(
      name: "quoting", kind: .choice(["minimal", "all"]), defaultValue: .string("minimal"),
      help: "Quote only fields that need it (a delimiter, quote, CR or LF inside, or an empty text), or every field with a value."),
    OptionDescriptor(
      name: "bom", kind: .boolean, defaultValue: .boolean(false),
      help: "Begin each file with a UTF-8 byte order mark, so that Excel reads it as UTF-8."),
  ]

  /// The formula guard, which both CSV formats take (off by default: it changes the data).
  static let formulaGuardOption = OptionDescriptor(
    name: "formula-guard", kind: .boolean, defaultValue: .boolean(false),
    help: "Prefix text cells starting with =, +, -, @, tab or CR with ' so spreadsheets do not run them (changes the data).")

  /// The options of the spreadsheet-oriented `csv` format, on top of ``options``.
  static let spreadsheetOptions: [OptionDescriptor] = [
    formulaGuardOption,
    OptionDescriptor(
      name: "profile", kind: .choice(["none", "excel"]), defaultValue: .string("none"),
      help: "excel: BOM, CRLF and the formula guard together, whatever those options say."),
  ]

  /// The dialect the options describe.
  init(_ options: ExportOptions, spreadsheet: Bool) {
    switch options.string("delimiter") {
    case "semicolon": delimiter = UInt8(ascii: ";")
    case "tab": delimiter = 0x09
    default: delimiter = UInt8(ascii: ",")
    }
    lineEnding = options.string("line-ending") == "lf" ? [0x0A] : [0x0D, 0x0A]
    quoteAll = options.string("quoting") == "all"
    byteOrderMark = options.boolean("bom")
    formulaGuard = options.boolean("formula-guard")
    if spreadsheet {
      if options.string("profile") == "excel" {
        byteOrderMark = true
        lineEnding = [0x0D, 0x0A]
        formulaGuard = true
      }
    }
  }
}
