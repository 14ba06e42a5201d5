import Foundation
import KibaruCore
import KibaruMedia
import KibaruTesting
import Testing

/// The media library in a folder: files written whole, copies that never overwrite, paths that never leave it.
@Suite struct FolderMediaStorageTests {
    @Test func filesAreWrittenCopiedMeasuredAndRemoved() throws {
        let root = try TestPaths.temporaryDirectory("media-storage")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = FolderMediaStorage(root: root + "/media")
        try library.write(Array("première".utf8), to: "uploads/2026/12/a.jpg")
        #expect(library.size(of: "uploads/2026/12/a.jpg") == "première".utf8.count)
        try library.write(Array("seconde version".utf8), to: "uploads/2026/12/a.jpg")
        #expect(try String(contentsOfFile: root + "/media/uploads/2026/12/a.jpg", encoding: .utf8) == "seconde version")

        let source = root + "/source.png"
        try Data("copie".utf8).write(to: URL(fileURLWithPath: source))
        try library.copy(fileAt: source, to: "wp/sahel/2019/05/photo.png")
        try Data("autre".utf8).write(to: URL(fileURLWithPath: source))
        try library.copy(fileAt: source, to: "wp/sahel/2019/05/photo.png")
        #expect(try String(contentsOfFile: root + "/media/wp/sahel/2019/05/photo.png", encoding: .utf8) == "copie",
                "a file already in the library stays")

        try library.remove("uploads/2026/12/a.jpg")
        #expect(library.size(of: "uploads/2026/12/a.jpg") == nil)
        try library.remove("uploads/2026/12/a.jpg")  // nothing there: nothing to do
    }

    @Test(arguments: ["/etc/passwd", "../hors.jpg", "uploads/../../hors.jpg", "uploads//a.jpg", "./a.jpg", ""])
    func aPathThatCouldLeaveTheLibraryIsRefused(_ path: String) throws {
        let root = try TestPaths.temporaryDirectory("media-storage")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = FolderMediaStorage(root: root + "/media")
        #expect(throws: MediaPathError.self) { try library.write([1, 2, 3], to: path) }
        #expect(throws: MediaPathError.self) { try library.remove(path) }
        #expect(library.size(of: path) == nil)
        #expect(!FileManager.default.fileExists(atPath: root + "/hors.jpg"))
    }
}
