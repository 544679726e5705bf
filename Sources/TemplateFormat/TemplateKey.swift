/// A name of the template view (docs/templates.md), at any level.
///
/// Templates are compiled with their names resolved to keys once, so a
/// lookup while rendering is a `switch`, not a string comparison. A name
/// that is not here names nothing: it renders as nothing, as Mustache
/// renders every unknown name (``TemplateStrictCheck`` reports it).
enum TemplateKey: String, CaseIterable, Sendable {
  case structuredData, formatVersion, generator, catalog, people, works, reviews, counts
  case id, title, description, language, updated, paragraphs, text, name, nativeName
  case kind, originalTitle, year, releaseDate, runtimeMinutes, languages, countries, country, genres, genre, genreList, hasGenres
  case credits, person, personName, role, character, hasCredits, directors, directorNames, hasDirectors, basedOn
  case boxOffice, territory, amount, currency, amountText, asOf, hasBoxOffice, rankings, list, rank, hasRankings
  case availability, platform, region, from, hasAvailability, hasReviews
  case work, workTitle, critic, criticName, publication, published, headline, summary, rating, value, scale, percent
  case body, tags, tag, hasTags, mentions, hasMentions, quotes, speaker, speakerName, context, hasQuotes
  case sources, url, hasSources
}

/// What a list element knows of its place in the list: swift-mustache's
/// `first()`, `last()`, `index()`, `even()` and `odd()`.
enum SequenceTransform: String, CaseIterable, Sendable {
  case first, last, index, even, odd
}
