import ReviewCatalog

extension CatalogError {
  /// The error of a reader that stopped on `error` after finding `problems`:
  /// those problems, then the one that stopped it (a `SyntaxError`, with
  /// its position).
  public static func stopped(by error: any Error, after problems: [Diagnostic]) -> CatalogError {
    if let error = error as? SyntaxError { return CatalogError(problems + [error.diagnostic]) }
    if let error = error as? CatalogError { return CatalogError(problems + error.diagnostics) }
    return CatalogError(problems + [Diagnostic(message: "\(error)")])
  }

  /// Every problem of a catalog, as ``CatalogLoader/load(_:with:)`` reports them, or `nil`
  /// when there are none: rule problems inside a value with a structural
  /// problem are dropped (they only repeat it), the others are located with
  /// `locate`, and all are sorted by their place in the source.
  public static func combining(
    structural: [Diagnostic], rules: [Diagnostic], in name: String,
    locate: (Set<CatalogPath>) -> [CatalogPath: SourceLocation]
  ) -> CatalogError? {
    // A set, and each problem's path and its ancestors looked up in it:
    // thousands of problems of each kind are checked in linear time.
    let blocked = Set(structural.filter(\.replacesValue).compactMap(\.path))
    var rules = rules.filter { diagnostic in
      var current = diagnostic.path
      while let path = current {
        if blocked.contains(path) { return false }
        current = path.parent
      }
      return true
    }
    guard !(structural.isEmpty && rules.isEmpty) else { return nil }

    let positions = locate(Set(rules.compactMap(\.path)))
    for index in rules.indices {
      guard let path = rules[index].path, let location = Self.location(of: path, in: positions) else { continue }
      rules[index].position = location.position
      rules[index].file = location.file
    }
    let all = (structural + rules).map { $0.inFile(name) }
    return CatalogError(Self.sortedBySource(all))
  }

  private static func location(of path: CatalogPath, in locations: [CatalogPath: SourceLocation]) -> SourceLocation? {
    var current: CatalogPath? = path
    while let candidate = current {
      if let location = locations[candidate] { return location }
      current = candidate.parent
    }
    return nil
  }

  private static func sortedBySource(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      if a.element.file != b.element.file { return a.offset < b.offset }
      switch (a.element.position, b.element.position) {
      case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
      case (nil, nil): return a.offset < b.offset
      case (_?, nil): return true
      case (nil, _?): return false
      }
    }.map(\.element)
  }
}
