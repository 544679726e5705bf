import Foundation
import ReviewCatalog

/// The validator of a streamed export, on its own serial queue.
final class ValidationLane: @unchecked Sendable {
  private let queue = DispatchQueue(label: "review-export.validation")
  private let slots = DispatchSemaphore(value: ExportJob.batchesAhead)
  private let lock = NSLock()
  /// Touched only on `queue`.
  private var validator: CatalogValidator
  /// Guarded by `lock`.
  private var foundProblems: Bool

  init(header: Catalog) {
    validator = CatalogValidator(formatVersion: header.formatVersion, info: header.info)
    foundProblems = !validator.diagnostics.isEmpty
  }

  /// Whether a problem has been found in what was validated so far.
  var hasProblems: Bool { lock.withLock { foundProblems } }

  /// Validates a batch of parts; `firstIndexes` are the indexes of the
  /// batch's first person, work and review.
  func validate(_ batch: [CatalogItem], firstIndexes: (people: Int, works: Int, reviews: Int)) {
    slots.wait()
    queue.async { [self] in
      defer { slots.signal() }
      var next = firstIndexes
      for item in batch {
        switch item {
        case .person(let person):
          validator.validate(person, at: next.people)
          next.people += 1
        case .work(let work):
          validator.validate(work, at: next.works)
          next.works += 1
        case .review(let review):
          validator.validate(review, at: next.reviews)
          next.reviews += 1
        }
      }
      if !validator.diagnostics.isEmpty { lock.withLock { foundProblems = true } }
    }
  }

  /// Every problem, once every batch has been validated.
  func finish() -> [Diagnostic] {
    queue.sync {
      validator.finish()
      return validator.diagnostics
    }
  }
}
