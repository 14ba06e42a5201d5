@testable import KibaruTheme
import Testing

/// The memo of cards, typeset titles and comments: bounded, and keeping what pages keep showing.
@Suite struct BoundedMemoTests {
    @Test func whatIsShownAgainStaysAndWhatIsNotGoes() {
        let memo = BoundedMemo<String>(byteLimit: 6_400)  // 64 values of 100 bytes, 32 a generation
        var computed: [String: Int] = [:]
        func read(_ key: String) -> String {
            memo.value(for: key, size: { _ in 100 }) {
                computed[key, default: 0] += 1
                return "valeur de \(key)"
            }
        }
        #expect(read("une") == "valeur de une")
        _ = read("oubliée")
        for number in 0..<500 {
            _ = read("page \(number)")
            if number % 10 == 0 { #expect(read("une") == "valeur de une") }
        }
        #expect(computed["une"] == 1, "read every ten values: never dropped")
        #expect(!memo.holds("oubliée"), "never read again: dropped")
        #expect(!memo.holds("page 0") && memo.holds("page 499"))
    }

    @Test func aValueTooLargeIsComputedAndNotKept() {
        let memo = BoundedMemo<Int>(byteLimit: 6_400)
        #expect(memo.value(for: 1, size: { _ in 101 }) { "grande" } == "grande")
        #expect(!memo.holds(1))
    }
}
