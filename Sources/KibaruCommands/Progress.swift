import ArgumentParser
import Foundation
import KibaruText
import Synchronization

/// Progress of long commands, on standard error so that standard output stays the result. On a terminal, the
/// lines of a job's progress (« … 500 / 2000 articles (25 %), environ 3 min restantes ») are one line redrawn in
/// place, with a bar; written to a file, a pipe or a log, each is a line of its own.
enum Progress {
    /// Whether standard error is a terminal.
    static let onTerminal = isatty(STDERR_FILENO) == 1
    /// Whether the last line written to the terminal is a progress bar, which the next one replaces.
    private static let barShown = Mutex(false)
    /// A bar's width, in characters.
    static let barWidth = 20

    /// Writes `line` to standard error: a progress line (« … ») replaces the previous one on a terminal.
    @Sendable static func print(_ line: String) {
        guard onTerminal else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            return
        }
        barShown.withLock { shown in
            let isProgress = line.hasPrefix("… ")
            // Up one line and clear it: the previous bar. Every line ends with a newline, so that whatever comes
            // next (a result, an error, Ctrl-C) starts on a line of its own.
            // A bar fits the terminal's width: a line that wrapped would leave its first rows behind.
            let bar = isProgress ? String(drawn(line).prefix(max(terminalWidth() - 1, 20))) : line
            let text = (isProgress && shown ? "\u{1B}[1A\u{1B}[2K" : "") + bar + "\n"
            FileHandle.standardError.write(Data(text.utf8))
            shown = isProgress
        }
    }

    /// Writes a command's result to standard output: a progress bar above it stays as it is.
    static func result(_ line: String) {
        barShown.withLock { shown in
            Output.line(line)
            shown = false
        }
    }

    /// The terminal's width in columns (80 when it does not say).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// `line` behind a bar of its percentage (« (25 %) », "(25%)"), as a terminal shows it.
    static func drawn(_ line: String) -> String {
        guard let match = line.firstMatch(of: /\((\d{1,3}) ?%\)/), let percent = Int(match.1) else { return line }
        let filled = min(percent, 100) * barWidth / 100
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "] "
            + line.dropFirst(2)
    }
}

/// `--quiet` for the commands that report progress.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: ArgumentHelp(L("Sans les lignes d’avancement (le bilan final reste).")))
    var quiet = false

    /// Where progress lines go: standard error, or nowhere with `--quiet`.
    var progress: @Sendable (String) -> Void {
        if quiet { return { _ in } }
        return { line in Progress.print(line) }
    }
}

/// A help text as the parser should wrap it: the lines of each paragraph joined, so that it wraps them at the
/// terminal's width rather than keeping the source's line breaks (paragraphs, between blank lines, stay apart).
func reflowed(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n\n")
}
