/// A place where a JSON document breaks the JSON grammar.
struct JSONSyntaxError: Error {
  /// The byte offset where the problem is.
  var offset: Int
  /// What is wrong.
  var message: String
}
