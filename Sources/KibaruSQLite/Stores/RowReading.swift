import GRDB

extension Row {
    /// Maps the rows of `statement` as SQLite steps to them, without copying them. A copied row (`fetchAll`,
    /// `fetchOne`) copies its column names, lowercased, and finds a column by lowercasing and comparing every
    /// name; a stepped row asks the statement, which keeps an index of its columns. `transform` must not keep the
    /// row: it is valid only while it is mapped.
    static func mapAll<T>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T
    ) throws -> [T] {
        var values: [T] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { values.append(try transform(row)) }
        return values
    }

    /// The first row of `statement`, mapped as ``mapAll(_:arguments:_:)`` maps each.
    static func mapFirst<T>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T
    ) throws -> T? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try rows.next().map(transform)
    }
}
