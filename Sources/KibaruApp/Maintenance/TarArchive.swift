import Foundation
import KibaruText

/// One entry of a ustar archive, as ``TarReader`` reads it.
struct TarEntry: Equatable {
    enum Kind: Equatable { case file, directory }

    /// The entry's path in the archive (`media/uploads/2026/11/k3j….jpg`), prefix field included.
    var name: String
    var kind: Kind
    /// The contents' length in bytes (0 for a folder).
    var size: UInt64
}

/// The POSIX ustar format (IEEE Std 1003.1, `pax`, "ustar Interchange Format"): each entry is a 512-byte header of
/// NUL-terminated fields and octal numbers, then its contents padded to a multiple of 512 bytes; a zero block ends
/// the archive. Kibaru writes regular files only; it reads regular files and folders and refuses links.
enum USTAR {
    static let blockSize = 512
    /// The largest entry: the size field holds 11 octal digits, that is 8 GiB − 1 bytes.
    static let maximumSize: UInt64 = 0o77777777777

    /// The header of a regular file. A name longer than 100 bytes is cut at a `/` into the 155-byte prefix field
    /// and the 100-byte name field; a name that cannot be cut so is refused.
    static func fileHeader(name: String, size: UInt64, modified: Date) throws -> [UInt8] {
        guard size <= maximumSize else {
            throw BackupError(path: name, info: L("fichier de 8 Go ou plus : trop grand pour une archive ustar"))
        }
        let (prefix, base) = try split(name)
        var header = [UInt8](repeating: 0, count: blockSize)
        header.replaceSubrange(0..<base.count, with: base)
        putOctal(0o644, into: &header, at: 100, width: 8)  // mode
        putOctal(0, into: &header, at: 108, width: 8)  // uid
        putOctal(0, into: &header, at: 116, width: 8)  // gid
        putOctal(size, into: &header, at: 124, width: 12)
        putOctal(UInt64(max(0, modified.timeIntervalSince1970)), into: &header, at: 136, width: 12)
        header[156] = UInt8(ascii: "0")  // regular file
        header.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8))
        header.replaceSubrange(345..<345 + prefix.count, with: prefix)
        // The checksum is the sum of the header's bytes with its own field read as spaces: 6 digits, NUL, space.
        header.replaceSubrange(148..<156, with: Array(repeating: UInt8(ascii: " "), count: 8))
        putOctal(header.reduce(0) { $0 + UInt64($1) }, into: &header, at: 148, width: 7)
        return header
    }

    /// Reads a header block: `nil` for a zero block, the end of the archive.
    /// - Parameters:
    ///   - block: 512 bytes.
    ///   - archive: the archive's path, named by errors that cannot name the entry.
    static func parse(_ block: [UInt8], archive: String) throws -> TarEntry? {
        guard block.contains(where: { $0 != 0 }) else { return nil }
        guard block[257..<262].elementsEqual("ustar".utf8) else {
            throw BackupError(path: archive, info: L("pas une archive ustar (en-tête sans « ustar »)"))
        }
        let stored = try octal(block[148..<156], archive: archive)
        var blank = block
        blank.replaceSubrange(148..<156, with: Array(repeating: UInt8(ascii: " "), count: 8))
        guard stored == blank.reduce(0, { $0 + UInt64($1) }) else {
            throw BackupError(path: archive, info: L("en-tête corrompu (somme de contrôle fausse)"))
        }
        let base = text(block[0..<100]), prefix = text(block[345..<500])
        let name = prefix.isEmpty ? base : prefix + "/" + base
        let size = try octal(block[124..<136], archive: name)
        switch block[156] {
        case UInt8(ascii: "0"), 0:
            return TarEntry(name: name, kind: .file, size: size)
        case UInt8(ascii: "5"):
            guard size == 0 else { throw BackupError(path: name, info: L("dossier avec un contenu")) }
            return TarEntry(name: name, kind: .directory, size: 0)
        case UInt8(ascii: "1"):
            throw BackupError(path: name, info: L("lien physique refusé : une sauvegarde Kibaru n’en contient pas"))
        case UInt8(ascii: "2"):
            throw BackupError(path: name, info: L("lien symbolique refusé : une sauvegarde Kibaru n’en contient pas"))
        case let flag:
            let type = Character(Unicode.Scalar(flag))
            throw BackupError(path: name, info: L("type d’entrée « {type} » non pris en charge", ["type": String(type)]))
        }
    }

    /// The zero bytes that fill an entry of `size` bytes up to a whole block.
    static func padding(after size: UInt64) -> Int {
        Int((UInt64(blockSize) - size % UInt64(blockSize)) % UInt64(blockSize))
    }

    private static func split(_ name: String) throws -> (prefix: [UInt8], base: [UInt8]) {
        let bytes = Array(name.utf8)
        if bytes.count <= 100 { return ([], bytes) }
        for index in bytes.indices where bytes[index] == UInt8(ascii: "/") && index <= 155 {
            let base = bytes[(index + 1)...]
            if !base.isEmpty && base.count <= 100 { return (Array(bytes[..<index]), Array(base)) }
        }
        throw BackupError(
            path: name,
            info: L(
                "nom de {bytes} octets trop long pour une archive ustar (155 octets de dossiers au plus, puis 100 octets)",
                ["bytes": "\(bytes.count)"]))
    }

    /// Writes `value` as `width - 1` zero-padded octal digits and a NUL.
    private static func putOctal(_ value: UInt64, into header: inout [UInt8], at offset: Int, width: Int) {
        let digits = String(value, radix: 8)
        let padded = String(repeating: "0", count: width - 1 - digits.count) + digits
        header.replaceSubrange(offset..<offset + width - 1, with: Array(padded.utf8))
        header[offset + width - 1] = 0
    }

    /// An octal field: optional leading spaces, digits, then NULs or spaces.
    private static func octal(_ field: ArraySlice<UInt8>, archive: String) throws -> UInt64 {
        let digits = field.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }
        guard let value = UInt64(String(decoding: digits, as: UTF8.self), radix: 8) else {
            throw BackupError(path: archive, info: L("en-tête corrompu (nombre octal illisible)"))
        }
        return value
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// Writes a ustar archive entry by entry, streaming files' contents.
struct TarWriter {
    let output: FileHandle
    /// The modification time given to every entry: the time of the backup.
    let modified: Date

    static let chunkSize = 1 << 20

    /// Adds a regular file of `size` bytes read from `source`; `observe` sees each piece written (for checksums).
    /// Throws when `source` ends before `size` bytes.
    func addFile(named name: String, size: UInt64, from source: FileHandle, observe: (Data) -> Void) throws {
        try output.write(contentsOf: USTAR.fileHeader(name: name, size: size, modified: modified))
        var remaining = size
        while remaining > 0 {
            let data = try source.read(upToCount: Int(min(remaining, UInt64(Self.chunkSize)))) ?? Data()
            guard !data.isEmpty else { throw BackupError(path: name, info: L("fichier raccourci pendant la sauvegarde")) }
            observe(data)
            try output.write(contentsOf: data)
            remaining -= UInt64(data.count)
        }
        try output.write(contentsOf: Data(count: USTAR.padding(after: size)))
    }

    /// Adds a regular file held in memory.
    func addFile(named name: String, contents: Data) throws {
        try output.write(contentsOf: USTAR.fileHeader(name: name, size: UInt64(contents.count), modified: modified))
        try output.write(contentsOf: contents + Data(count: USTAR.padding(after: UInt64(contents.count))))
    }

    /// Writes the end of the archive: two zero blocks.
    func finish() throws {
        try output.write(contentsOf: Data(count: 2 * USTAR.blockSize))
    }
}

/// Reads a ustar archive from its start, one entry after the other.
struct TarReader {
    let input: FileHandle
    /// The archive's path, for errors.
    let archive: String

    /// The next entry, or `nil` at the end of the archive. The contents of a file must be read with
    /// ``readContents(of:_:)`` before the next call.
    func next() throws -> TarEntry? {
        try USTAR.parse(Array(try read(USTAR.blockSize, for: archive)), archive: archive)
    }

    /// Streams the contents of `entry` to `chunk`, piece by piece, then skips its padding.
    func readContents(of entry: TarEntry, _ chunk: (Data) throws -> Void) throws {
        var remaining = entry.size
        while remaining > 0 {
            let data = try read(Int(min(remaining, UInt64(TarWriter.chunkSize))), for: entry.name)
            try chunk(data)
            remaining -= UInt64(data.count)
        }
        _ = try read(USTAR.padding(after: entry.size), for: entry.name)
    }

    /// Exactly `count` bytes; the archive is truncated when they are not all there.
    private func read(_ count: Int, for name: String) throws -> Data {
        var data = Data()
        while data.count < count {
            guard let piece = try input.read(upToCount: count - data.count), !piece.isEmpty else {
                throw BackupError(path: name, info: L("archive tronquée"))
            }
            data += piece
        }
        return data
    }
}
