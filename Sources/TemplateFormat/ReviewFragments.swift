import Dispatch
import Foundation
import ReviewCatalog
import ReviewExporting

/// The reviews' parts of a streamed page, rendered ahead while the catalog
/// is still being read, and copied into the page when ``TemplateRenderer``
/// comes to them.
///
/// A page is rendered when the last review has come (a work lists its
/// reviews, and they come after every work), and rendering it was most of
/// a page's time while reading left a core idle. The part a review makes
/// in a `reviews` section (``TemplateProgram/reviewSections``) is the same
/// wherever it is listed as long as what its body looks up is the
/// review's. That is checked as the part is rendered, not guessed from the
/// template: each part is rendered with the review alone in its context,
/// the names it looked for up the context and did not find in the review
/// are noted (an absent `summary`, a `counts`, the work's `title`), and
/// the page copies a section's parts only where none of those names is
/// found up its context either. A section whose body asks for a review's
/// place in its list (`first()` and the like) keeps no part at all, and
/// its reviews are rendered with the page, as they were before.
///
/// The parts are rendered on a thread of their own from a short queue. A
/// review that comes while the queue is full is not rendered ahead but
/// with the page: rendering ahead never holds the reading back, and the
/// page renders what is left on every core. The page has the same bytes
/// whichever reviews were rendered ahead.
final class ReviewFragments: @unchecked Sendable {
  /// How many reviews wait to be rendered at most.
  static let queueLength = 64

  private let state: State

  /// A queue of reviews to render for the program's review sections, into
  /// a new scratch file at `path`; `nil` when the program has no such
  /// section. With `onOffer`, each review is rendered when it is offered,
  /// on the caller's thread (for tests: every review is rendered ahead).
  init?(
    program: TemplateProgram, escaping: TemplateExporter.Escaping, names: TemplateNames, onOffer: Bool = false, path: () -> String
  ) throws {
    guard !program.reviewSections.isEmpty else { return nil }
    state = State(program: program, escaping: escaping, names: names, file: try ScratchFile(path: path()), onOffer: onOffer)
  }

  deinit {
    // A writer dropped without finishing (a failed export): the thread ends.
    state.stop()
  }

  /// Offers the review at `index` (its place in the catalog's reviews) to
  /// be rendered ahead. Every person and work came before it.
  func offer(_ review: Review, at index: Int) {
    state.offer(review, at: index)
  }

  /// Stops rendering ahead (the reviews not yet rendered are left to the
  /// page) and makes the parts readable.
  func finish() throws {
    state.stop()
    try state.file.finishWriting()
  }

  /// The names the parts of the section `id` looked for beyond their
  /// review, or `nil` if its parts were not kept (see above).
  func namesLookedUpOutside(section id: Int) -> Set<TemplateKey>? {
    guard let slot = state.slot(of: id), state.kept[slot] else { return nil }
    return state.outside[slot]
  }

  /// Appends the part of the review at `index` (in the catalog's reviews)
  /// in the section `id` to `out`; whether there is one. From any thread,
  /// once finished.
  func append(section id: Int, review index: Int, to out: inout [UInt8]) throws -> Bool {
    guard let slot = state.slot(of: id), state.kept[slot], index < state.starts[slot].count else { return false }
    let start = state.starts[slot][index]
    guard start >= 0 else { return false }
    try state.file.read(at: start, count: state.lengths[slot][index], appendingTo: &out)
    return true
  }

  /// What the rendering thread works on: its queue, and the parts it kept.
  private final class State: @unchecked Sendable {
    let program: TemplateProgram
    let escaping: TemplateExporter.Escaping
    let names: TemplateNames
    let file: ScratchFile
    let onOffer: Bool
    private let lock = NSLock()
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    // Under `lock`:
    private var queue: [(index: Int, review: Review)] = []
    private var started = false
    private var stopping = false
    private var stopped = false
    // Written by the rendering thread; read once it has stopped.
    /// For each review section: whether its parts are kept, and where each
    /// review's part is in the file (-1: not rendered ahead) and its length.
    var kept: [Bool]
    var starts: [[Int]]
    var lengths: [[Int]]
    /// For each review section, the names its parts looked for beyond their review.
    var outside: [Set<TemplateKey>]

    init(program: TemplateProgram, escaping: TemplateExporter.Escaping, names: TemplateNames, file: ScratchFile, onOffer: Bool) {
      self.program = program
      self.escaping = escaping
      self.names = names
      self.file = file
      self.onOffer = onOffer
      kept = program.reviewSections.map { _ in true }
      starts = program.reviewSections.map { _ in [] }
      lengths = program.reviewSections.map { _ in [] }
      outside = program.reviewSections.map { _ in [] }
    }

    func slot(of id: Int) -> Int? {
      program.reviewSections.firstIndex { $0.id == id }
    }

    func offer(_ review: Review, at index: Int) {
      if onOffer {
        render(review, at: index)
        return
      }
      lock.lock()
      guard !stopping, queue.count < ReviewFragments.queueLength else {
        lock.unlock()
        return
      }
      queue.append((index, review))
      let start = !started
      started = true
      lock.unlock()
      if start { DispatchQueue.global().async { self.run() } }
      wake.signal()
    }

    func stop() {
      lock.lock()
      guard !stopped else {
        lock.unlock()
        return
      }
      stopped = true
      stopping = true
      queue.removeAll()
      let running = started
      lock.unlock()
      guard running else { return }
      wake.signal()
      done.wait()
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func run() {
      var batch: [(index: Int, review: Review)] = []
      batch.reserveCapacity(ReviewFragments.queueLength)
      while true {
        wake.wait()
        lock.lock()
        if stopping {
          lock.unlock()
          break
        }
        swap(&batch, &queue)
        lock.unlock()
        for (index, review) in batch {
          if isStopping { break }
          render(review, at: index)
        }
        batch.removeAll(keepingCapacity: true)
      }
      done.signal()
    }

    private func render(_ review: Review, at index: Int) {
      let view = TemplateValue.object(ReviewView(review: review, names: names))
      for (slot, section) in program.reviewSections.enumerated() where kept[slot] {
        guard let (bytes, names) = TemplateRenderer.fragment(of: view, in: section.body, program: program, escaping: escaping),
          (try? file.sink.write(bytes)) != nil
        else {
          kept[slot] = false
          starts[slot] = []
          lengths[slot] = []
          continue
        }
        if starts[slot].count < index {
          starts[slot].append(contentsOf: repeatElement(-1, count: index - starts[slot].count))
          lengths[slot].append(contentsOf: repeatElement(0, count: index - lengths[slot].count))
        }
        starts[slot].append(file.count - bytes.count)
        lengths[slot].append(bytes.count)
        outside[slot].formUnion(names)
      }
    }
  }
}
