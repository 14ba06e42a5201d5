import GRDB
import KibaruCore

// Typed ids (`Article.ID`, `Site.ID`…) are stored as the integers they wrap: they bind as statement arguments
// and decode from columns like `Int64`, without a conversion at each query.

extension Tagged: @retroactive SQLExpressible where RawValue: DatabaseValueConvertible {}
extension Tagged: @retroactive StatementBinding where RawValue: DatabaseValueConvertible {}

extension Tagged: @retroactive DatabaseValueConvertible where RawValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        guard let rawValue = RawValue.fromDatabaseValue(dbValue) else { return nil }
        return Self(rawValue: rawValue)
    }
}

extension Tagged: @retroactive StatementColumnConvertible
where RawValue: StatementColumnConvertible & DatabaseValueConvertible {
    @inline(__always)
    public init?(sqliteStatement: SQLiteStatement, index: CInt) {
        guard let rawValue = RawValue(sqliteStatement: sqliteStatement, index: index) else { return nil }
        self.init(rawValue: rawValue)
    }
}
