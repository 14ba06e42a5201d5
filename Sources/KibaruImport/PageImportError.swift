import KibaruText

/// A scraped page that cannot be imported: the file, the 1-based line, the field and what is wrong.
public struct PageImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// `title`, `date`, `credit`, `body`, `tags` or `comments`.
    public var field: String
    /// What is wrong, in the command line's language (``L(_:_:)``).
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `article.txt:5: date : « 31 février 2024 » n’est pas une date…`, the form compilers use, so editors jump
    /// to the line.
    public var description: String {
        L("{file}:{line}: {field} : {message}", ["file": file, "line": "\(line)", "field": field, "message": message])
    }
}
