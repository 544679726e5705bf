import ReviewCatalog
import Testing

@Suite struct ScalarRulesTests {
  @Test(arguments: ["a", "0", "the-wandering-earth", "2001-a-space-odyssey", "a.b_c-d", String(repeating: "x", count: 128)])
  func validSlugs(_ slug: String) { #expect(ScalarRules.checkSlug(slug) == nil) }

  @Test(arguments: ["", "-a", ".a", "A", "a b", "é", "a/b", String(repeating: "x", count: 129)])
  func invalidSlugs(_ slug: String) { #expect(ScalarRules.checkSlug(slug) != nil) }

  @Test(arguments: ["2019-02-05", "2000-02-29", "2024-02-29", "1999-12-31", "0001-01-01"])
  func realDates(_ date: String) { #expect(ScalarRules.checkDate(date) == nil) }

  @Test(arguments: [
    "2019-02-29", "1900-02-29", "2019-04-31", "2019-13-01", "2019-00-10", "2019-01-00", "2019-1-01", "19-01-01", "2019/01/01", "2019-01-01T00:00:00Z",
  ])
  func impossibleDates(_ date: String) { #expect(ScalarRules.checkDate(date) != nil) }

  @Test(arguments: ["2019-05-20T09:30:00Z", "2019-05-20t09:30:00z", "2019-05-20T09:30:00.123456+08:00", "2016-12-31T23:59:60Z", "2019-05-20T09:30:00-05:30"])
  func validTimestamps(_ value: String) { #expect(ScalarRules.checkTimestamp(value) == nil) }

  @Test(arguments: [
    "2019-05-20", "2019-05-20T09:30:00", "2019-05-20 09:30:00Z", "2019-05-20T24:00:00Z", "2019-02-30T09:30:00Z", "2019-05-20T09:30:00+8:00",
    "2019-05-20T09:30:00.Z", "2019-05-20T09:30:00+08:60",
  ])
  func invalidTimestamps(_ value: String) { #expect(ScalarRules.checkTimestamp(value) != nil) }

  @Test func languages() {
    for tag in ["en", "zh", "zh-Hans", "pt-BR", "sr-Latn-RS", "de-CH-1996", "yue"] { #expect(ScalarRules.checkLanguage(tag) == nil, "\(tag)") }
    for tag in ["", "e", "zh_CN", "en-", "-en", "english language", "en-toolongsubtag", "中文"] { #expect(ScalarRules.checkLanguage(tag) != nil, "\(tag)") }
    #expect(ScalarRules.checkLanguage("zh_CN")?.contains("use '-'") == true)
  }

  @Test func countriesAndCurrencies() {
    #expect(ScalarRules.checkCountry("CN") == nil)
    #expect(ScalarRules.checkCountry("WORLD") != nil)
    #expect(ScalarRules.checkCountry("WORLD", allowingRegions: true) == nil)
    #expect(ScalarRules.checkCountry("INTL", allowingRegions: true) == nil)
    for bad in ["cn", "CHN", "C", ""] { #expect(ScalarRules.checkCountry(bad, allowingRegions: true) != nil) }
    #expect(ScalarRules.checkCurrency("USD") == nil)
    for bad in ["usd", "US", "USDT", "US$"] { #expect(ScalarRules.checkCurrency(bad) != nil) }
  }

  @Test func urls() {
    for good in [
      "https://example.com", "http://example.com/a?b#c", "HTTPS://EXAMPLE.COM/x", "https://user@host:8080/p",
      "https://example.com/(parens)?q=a%20b&r='x'", "https://[::1]:8080/", "https://例え.jp/パス",
    ] {
      #expect(ScalarRules.checkURL(good) == nil, "\(good)")
    }
    for bad in [
      "example.com", "ftp://example.com", "https://", "https:///path", "https://exa mple.com", "mailto:a@b.c", "https://a.com/\n",
      "https://a.com/\"quoted\"", "https://a.com/<x>", "https://a.com/a b", "https://a.com/{x}", "https://a.com/a|b",
      "https://a.com/a\\b", "https://a.com/%zz", "https://a.com/100%", "https://a.com/`x`", "https://a.com/^",
    ] {
      #expect(ScalarRules.checkURL(bad) != nil, "\(bad)")
    }
  }

  @Test func quotedValuesShowInvisibleCharacters() {
    #expect(ScalarRules.quoted("a\nb\t'\u{1}") == #"'a\nb\t\'\u{1}'"#)
    #expect(ScalarRules.quoted(String(repeating: "x", count: 61)) == "'" + String(repeating: "x", count: 60) + "…'")
  }
}
