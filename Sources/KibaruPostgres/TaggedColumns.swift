import KibaruCore
import NIOCore
import PostgresNIO

// Typed ids (`Article.ID`, `Site.ID`…) are stored as the `bigint`s they wrap: they bind in queries, alone or as
// arrays (`= ANY(…)`), and decode from columns like `Int64`.

extension Tagged: @retroactive PostgresThrowingDynamicTypeEncodable, @retroactive PostgresDynamicTypeEncodable,
    @retroactive PostgresEncodable, @retroactive PostgresNonThrowingEncodable
where RawValue == Int64 {
    public static var psqlType: PostgresDataType { Int64.psqlType }
    public static var psqlFormat: PostgresFormat { Int64.psqlFormat }

    @inlinable
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        rawValue.encode(into: &byteBuffer, context: context)
    }
}

extension Tagged: @retroactive PostgresDecodable where RawValue == Int64 {
    @inlinable
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(rawValue: try Int64(from: &buffer, type: type, format: format, context: context))
    }
}

extension Tagged: @retroactive PostgresArrayEncodable where RawValue == Int64 {
    public static var psqlArrayType: PostgresDataType { Int64.psqlArrayType }
}

extension Tagged: @retroactive PostgresArrayDecodable where RawValue == Int64 {}
