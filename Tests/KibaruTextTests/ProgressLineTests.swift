import Foundation
import KibaruText
import Testing

/// Progress lines of long commands: a share done and the time left, about ten lines whatever the job's size.
@Suite struct ProgressLineTests {
    @Test func aLineSaysTheShareDoneAndTheTimeLeft() {
        let start = ContinuousClock.now
        let line = ProgressLine(total: 2000, things: "articles indexés", started: start)
        #expect(line.line(done: 500, now: start + .seconds(30)) == "… 500 / 2000 articles indexés (25 %), environ 1 min 30 s restantes")
        #expect(line.line(done: 2000, now: start + .seconds(120)) == "… 2000 / 2000 articles indexés (100 %)")
    }

    @Test(arguments: [7, 10, 25, 95, 2000, 100_000])
    func aboutTenLinesWhateverTheSize(_ total: Int) {
        let line = ProgressLine(total: total, things: "médias sauvegardés")
        let due = (1...total).filter(line.isDue)
        #expect((1...11).contains(due.count), "\(total): \(due.count) lines")
        #expect(due.last == total)
    }

    @Test func dateLabelsFollowTheLanguage() {
        let date = DateComponents(calendar: .init(identifier: .gregorian), timeZone: .gmt, year: 2024, month: 3, day: 1, hour: 12).date!
        #expect(DateLabel.format(date, timeZone: .gmt, language: "fr") == "1er mars 2024")
        #expect(DateLabel.format(date, timeZone: .gmt, language: "en-GB") == "1 March 2024")
        #expect(DateLabel.format(date, timeZone: .gmt, language: "bm") == "1er mars 2024", "French when unknown")
    }
}
