/// A long job's progress as a line in the command line's language: « 500 / 2000 articles (25 %), environ 3 min
/// restantes ». The time left is extrapolated from the pace since the job started.
public struct ProgressLine: Sendable {
    /// How many things the job has to do.
    public let total: Int
    /// What it does them to, in the plural and the command line's language: `L("articles indexés")`.
    public let things: String
    private let started: ContinuousClock.Instant

    public init(total: Int, things: String, started: ContinuousClock.Instant = .now) {
        self.total = total
        self.things = things
        self.started = started
    }

    /// Whether a line is due once `done` things are done: at each tenth of the job (and at its end), so that a
    /// job of any size says how it goes in about ten lines.
    public func isDue(_ done: Int) -> Bool {
        done == total || (done > 0 && done % max(1, (total + 9) / 10) == 0)
    }

    /// The line once `done` things are done.
    public func line(done: Int, now: ContinuousClock.Instant = .now) -> String {
        let elapsed = now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var line = L(
            "… {done} / {total} {things} ({percent} %)",
            [
                "done": "\(done)", "total": "\(total)", "things": things,
                "percent": "\(min(done, total) * 100 / max(total, 1))",
            ])
        if done > 0, done < total {
            let left = seconds / Double(done) * Double(total - done)
            line += L(", environ {duration} restantes", ["duration": FrenchDuration.format(seconds: left)])
        }
        return line
    }
}
