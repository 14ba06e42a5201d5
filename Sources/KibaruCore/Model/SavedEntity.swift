// Ids are `Tagged` values in every module that uses the domain: re-exported so that their conformances
// (Hashable, Comparable, Codable) need no import of their own.
@_exported import Tagged

/// An entity the store has saved: the id it was given, and its fields.
///
/// An entity not saved yet is its fields alone (``NewArticle``, ``NewSite``…): it has no id to unwrap or to
/// forget. Once saved it is the entity itself (``Article``, ``Site``…), whose id is never missing and whose type
/// tells which table it belongs to: an ``Article/ID`` cannot be passed where a ``Site/ID`` is expected. The
/// fields read and write as the entity's own (`article.title`, `site.slug = …`).
@dynamicMemberLookup
public protocol SavedEntity: Identifiable where ID == Tagged<Self, Int64> {
    /// Everything but the id: what a new entity is made of.
    associatedtype Fields
    var id: ID { get }
    var fields: Fields { get set }
}

extension SavedEntity {
    /// A field, read and written through the entity.
    @inlinable public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { fields[keyPath: field] }
        set { fields[keyPath: field] = newValue }
    }

    /// A computed property of the fields, read through the entity.
    @inlinable public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value {
        fields[keyPath: field]
    }
}
