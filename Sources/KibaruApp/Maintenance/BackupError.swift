import KibaruText

/// Why a backup or a restore failed, for operators: the file, archive entry or folder concerned, and what
/// happened there.
public struct BackupError: Error, Sendable, CustomStringConvertible {
    /// The file, archive entry (`media/uploads/…`) or folder concerned.
    public var path: String
    /// What happened, in the command line’s language.
    public var info: String

    /// - Parameters:
    ///   - path: the file, archive entry or folder concerned.
    ///   - info: what happened, in the command line’s language (``L(_:_:)``).
    public init(path: String, info: String) {
        self.path = path
        self.info = info
    }

    /// `path : info`, as the command line prints it.
    public var description: String { L("{path} : {info}", ["path": path, "info": info]) }
}
