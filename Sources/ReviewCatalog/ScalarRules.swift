/// The rules for the catalog's scalar shapes: ids, dates, timestamps, language,
/// country and currency codes, URLs.
///
/// Each check returns `nil` when the value is well formed, or a message that
/// names the rule broken.
public enum ScalarRules {
  /// `^[a-z0-9][a-z0-9._-]{0,127}$`: lowercase ASCII letters, digits, `.`, `_`, `-`.
  public static func checkSlug(_ value: String) -> String? {
    var utf8 = value
    return utf8.withUTF8 { checkSlug($0, value) }
  }

  private static func checkSlug(_ bytes: UnsafeBufferPointer<UInt8>, _ value: String) -> String? {
    guard !bytes.isEmpty else { return "an id must not be empty; use lowercase letters, digits, '.', '_' and '-'" }
    guard bytes.count <= 128 else { return "an id has at most 128 characters, this one has \(bytes.count)" }
    func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    guard isLowerAlnum(bytes[0]) else {
      return "\(quoted(value)) is not a valid id: it must start with a lowercase letter or a digit"
    }
    for b in bytes.dropFirst() where !(isLowerAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")) {
      return "\(quoted(value)) is not a valid id: use only lowercase letters, digits, '.', '_' and '-'"
    }
    return nil
  }

  /// A real calendar date written `YYYY-MM-DD`.
  public static func checkDate(_ value: String) -> String? {
    var utf8 = value
    return utf8.withUTF8 { checkDate($0, value) }
  }

  private static func checkDate(_ b: UnsafeBufferPointer<UInt8>, _ value: String) -> String? {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
    else { return "\(quoted(value)) is not a date; write it as YYYY-MM-DD" }
    guard isRealDate(year: year, month: month, day: day) else {
      return "\(quoted(value)) is not a real calendar date"
    }
    return nil
  }

  /// An RFC 3339 timestamp with a time-zone offset or `Z`, such as `2019-05-20T09:30:00Z`.
  public static func checkTimestamp(_ value: String) -> String? {
    let b = Array(value.utf8)
    var shape: String { "\(quoted(value)) is not an RFC 3339 timestamp; write it like 2019-05-20T09:30:00Z or 2019-05-20T17:30:00+08:00" }
    guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
      b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
      let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
      let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2)
    else { return shape }
    var i = 19
    if b[i] == UInt8(ascii: ".") {
      i += 1
      let start = i
      while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
      if i == start { return shape }
    }
    guard i < b.count else { return shape }
    if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
      guard i + 1 == b.count else { return shape }
    } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
      guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
        let offsetHour = digits(b, i + 1, 2), let offsetMinute = digits(b, i + 4, 2)
      else { return shape }
      guard offsetHour <= 23, offsetMinute <= 59 else { return "\(quoted(value)) has an impossible time-zone offset" }
    } else {
      return shape
    }
    guard isRealDate(year: year, month: month, day: day) else {
      return "\(quoted(value)) is not a real calendar date"
    }
    guard hour <= 23, minute <= 59, second <= 60 else { return "\(quoted(value)) is not a real time of day" }
    return nil
  }

  /// A BCP 47 language tag: a 2–8 letter language subtag, then subtags of 1–8
  /// letters or digits joined by `-` (`en`, `zh-Hans`, `pt-BR`).
  public static func checkLanguage(_ value: String) -> String? {
    let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
    var hint: String { value.contains("_") ? " (use '-' between subtags, not '_')" : "" }
    guard let first = subtags.first, (2...8).contains(first.utf8.count), first.utf8.allSatisfy(isASCIILetter) else {
      return "\(quoted(value)) is not a BCP 47 language tag such as 'en' or 'zh-Hans'\(hint)"
    }
    for subtag in subtags.dropFirst()
    where !(1...8).contains(subtag.utf8.count) || !subtag.utf8.allSatisfy({ isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) }) {
      return "\(quoted(value)) is not a BCP 47 language tag such as 'en' or 'zh-Hans'\(hint)"
    }
    return nil
  }

  /// An ISO 3166-1 alpha-2 country code: two uppercase letters (`CN`, `US`).
  /// With `allowingRegions`, also `WORLD` and `INTL` (box-office territories).
  public static func checkCountry(_ value: String, allowingRegions: Bool = false) -> String? {
    if allowingRegions && (value == "WORLD" || value == "INTL") { return nil }
    if value.utf8.count == 2 && value.utf8.allSatisfy(isUppercaseASCII) { return nil }
    let allowed = allowingRegions ? ", WORLD or INTL" : ""
    return "\(quoted(value)) is not a country code; use two uppercase letters (ISO 3166-1 alpha-2, such as 'CN')\(allowed)"
  }

  /// An ISO 4217 alpha-3 currency code: three uppercase letters (`USD`).
  public static func checkCurrency(_ value: String) -> String? {
    if value.utf8.count == 3 && value.utf8.allSatisfy(isUppercaseASCII) { return nil }
    return "\(quoted(value)) is not a currency code; use three uppercase letters (ISO 4217, such as 'USD')"
  }

  /// An absolute `http` or `https` URL with a host, in RFC 3986's syntax:
  /// only its characters (letters, digits, `-._~`, `:/?#[]@`, `!$&'()*+,;=`),
  /// `%` only before two hex digits, and no spaces, quotes, `<>\\^`{|}` or
  /// control characters. Characters beyond ASCII are accepted, as in an IRI
  /// (RFC 3987), except C1 controls and the no-break space.
  /// The ASCII bytes a URL may hold (RFC 3986's unreserved, reserved and `%`), by byte.
  private static let urlBytes: [Bool] = {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".utf8)
    return (0..<128).map { allowed.contains(UInt8($0)) }
  }()

  public static func checkURL(_ value: String) -> String? {
    // Its bytes where they are, not copied into an array (every source's URL is checked).
    var text = value
    return text.withUTF8 { checkURL($0, value) }
  }

  private static func checkURL(_ bytes: UnsafeBufferPointer<UInt8>, _ value: String) -> String? {
    func hasPrefix(_ prefix: StaticString) -> Bool {
      let count = prefix.utf8CodeUnitCount
      guard bytes.count >= count else { return false }
      for index in 0..<count where bytes[index] | 0x20 != prefix.utf8Start[index] | 0x20 { return false }
      return true
    }
    let schemeLength = hasPrefix("https://") ? 8 : hasPrefix("http://") ? 7 : 0
    guard schemeLength > 0 else {
      return "\(quoted(value)) is not an absolute http or https URL, such as 'https://example.com/review'"
    }
    let rest = bytes.dropFirst(schemeLength)
    let host = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
    guard !host.isEmpty, host.first != UInt8(ascii: ":"), host.first != UInt8(ascii: "@") else {
      return "\(quoted(value)) has no host; an absolute URL looks like 'https://example.com/review'"
    }
    let allowed = Self.urlBytes
    func isHex(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }
    var previous: UInt8 = 0
    for (index, byte) in bytes.enumerated() {
      defer { previous = byte }
      if byte >= 0x80 {
        // C1 controls (C2 80–9F) and the no-break space (C2 A0), as UTF-8.
        if previous == 0xC2 && byte <= 0xA0 { return Self.urlCharacterProblem(value, "a control character or no-break space") }
        continue
      }
      guard allowed[Int(byte)] else {
        let what = byte <= 0x20 || byte == 0x7F ? (byte == 0x20 ? "a space (write %20)" : "a control character") : "'\(Character(Unicode.Scalar(byte)))'"
        return Self.urlCharacterProblem(value, what)
      }
      if byte == UInt8(ascii: "%") && !(index + 2 < bytes.count && isHex(bytes[index + 1]) && isHex(bytes[index + 2])) {
        return Self.urlCharacterProblem(value, "a '%' not followed by two hex digits (write %25)")
      }
    }
    return nil
  }

  private static func urlCharacterProblem(_ value: String, _ what: String) -> String {
    "\(quoted(value)) is not a valid URL: it holds \(what), which RFC 3986 does not allow; percent-encode it"
  }

  /// A value as shown in a message: quoted, escaped, and cut after 60 characters.
  public static func quoted(_ value: String) -> String {
    let shown = value.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(value.unicodeScalars.prefix(60))) + "…" : value
    var text = "'"
    for scalar in shown.unicodeScalars {
      switch scalar {
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case "'": text += "\\'"
      case "\\": text += "\\\\"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
          text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    return text + "'"
  }

  /// Whether `year-month-day` exists in the proleptic Gregorian calendar.
  public static func isRealDate(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }

  private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
    b.withUnsafeBufferPointer { digits($0, start, count) }
  }

  private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    guard start + count <= b.count else { return nil }
    var value = 0
    for i in start..<(start + count) {
      guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
      value = value * 10 + Int(b[i] - 0x30)
    }
    return value
  }

  private static func isASCIILetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
  private static func isUppercaseASCII(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
}
