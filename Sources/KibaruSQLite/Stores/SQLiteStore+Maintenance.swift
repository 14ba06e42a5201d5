import Foundation
import GRDB
import KibaruCore
import KibaruText

/// A problem that `kibaru check` found in a network's database.
public struct DatabaseProblem: Sendable, Equatable, CustomStringConvertible {
    /// What was checked.
    public enum Kind: Sendable {
        /// Migrations not applied yet, or applied by a newer Kibaru.
        case schema
        /// `PRAGMA integrity_check`.
        case integrity
        /// `PRAGMA foreign_key_check`.
        case foreignKey
        /// A media record whose file is missing under `media/`.
        case missingMedia
        /// The search index out of step with the published articles.
        case searchIndex
        /// An article rendered by an older renderer.
        case staleRendering

        /// The label printed before the problem.
        public var label: String {
            switch self {
            case .schema: L("schéma")
            case .integrity: L("intégrité")
            case .foreignKey: L("clé étrangère")
            case .missingMedia: L("média manquant")
            case .searchIndex: L("index de recherche")
            case .staleRendering: L("rendu périmé")
            }
        }
    }

    /// What was checked.
    public var kind: Kind
    /// What is wrong, in French, naming the row or file.
    public var message: String

    /// - Parameters:
    ///   - kind: what was checked.
    ///   - message: what is wrong, naming the row or file.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `label : message`, as `kibaru check` prints it.
    public var description: String { L("{label} : {message}", ["label": kind.label, "message": message]) }
}

/// Backups and checks: both read the database through a read-only pool, from one snapshot, so that a running
/// server goes on writing meanwhile and nothing here ever takes the write lock.
extension SQLiteStore {
    /// The identifiers of every migration this version of Kibaru knows, oldest first.
    public static var knownMigrations: [String] { Migrations.migrator.migrations }

    /// Copies the database at `source` into a new file at `destination` with SQLite's online backup API, from one
    /// read snapshot: writers (a running server, another command) go on meanwhile, and the copy holds exactly what
    /// the database held when the snapshot began. Never writes to `source`.
    ///
    /// ```swift
    /// let migrations = try SQLiteStore.backup(databaseAt: "/srv/kibaru/kibaru.sqlite", to: "/tmp/x/kibaru.sqlite")
    /// ```
    /// - Parameters:
    ///   - source: the live database file.
    ///   - destination: a file that does not exist yet.
    /// - Returns: the migrations applied to the copy, oldest first.
    public static func backup(databaseAt source: String, to destination: String) throws -> [String] {
        let pool = try snapshotReader(path: source)
        let copy = try DatabaseQueue(path: destination)
        try pool.backup(to: copy)
        // The copy carries the source's WAL flag; a rollback journal makes it one self-contained file.
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        let migrations = try copy.read { db in try Migrations.migrator.appliedMigrations(db) }
        try copy.close()
        try pool.close()
        return migrations
    }

    /// Checks a network's database on one read snapshot, without the write lock: the schema's migrations,
    /// `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, media records whose file is missing, the search
    /// index against the published articles, and articles rendered by an older renderer.
    ///
    /// When migrations are missing, only the schema, integrity and foreign keys are checked: the other checks read
    /// tables the missing migrations create.
    /// - Parameters:
    ///   - path: the database file.
    ///   - rendererVersion: the current renderer's version (`ArticleRenderer.version`).
    ///   - mediaFileExists: whether a media record's path (`uploads/2026/11/k3j….jpg`, under `media/`) names a file.
    /// - Returns: the problems found, none when all is well.
    public static func inspect(
        databaseAt path: String, rendererVersion: Int, mediaFileExists: (String) -> Bool
    ) throws -> [DatabaseProblem] {
        let pool = try snapshotReader(path: path)
        let problems = try pool.read { db in
            let schema = try schemaProblems(db)
            var problems = schema + (try integrityProblems(db))
            if schema.isEmpty {
                problems += try mediaProblems(db, fileExists: mediaFileExists)
                problems += try searchIndexProblems(db)
                problems += try renderingProblems(db, currentVersion: rendererVersion)
            }
            return problems
        }
        try pool.close()
        return problems
    }

    /// A read-only pool on a database that a server may be writing: it never takes the write lock, waits for
    /// SQLite's brief WAL locks, and reads the search index with Kibaru's tokenizer.
    private static func snapshotReader(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in db.add(tokenizer: FrenchTokenizer.self) }
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw ContentError.storeUnavailable(reason: "\(path) : \(error)")
        }
    }

    private static func schemaProblems(_ db: Database) throws -> [DatabaseProblem] {
        let migrator = Migrations.migrator
        if try migrator.hasBeenSuperseded(db) {
            return [DatabaseProblem(.schema, L("la base a été modifiée par une version plus récente de Kibaru"))]
        }
        let applied = try migrator.appliedIdentifiers(db)
        let missing = migrator.migrations.filter { !applied.contains($0) }
        guard !missing.isEmpty else { return [] }
        return [
            DatabaseProblem(
                .schema,
                "migrations à appliquer : \(missing.joined(separator: ", ")) (toute commande qui ouvre la base, "
                    + "comme « kibaru serve », les applique)")
        ]
    }

    private static func integrityProblems(_ db: Database) throws -> [DatabaseProblem] {
        var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            .filter { $0 != "ok" }.map { DatabaseProblem(.integrity, $0) }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            let table: String = row["table"], parent: String = row["parent"]
            let rowID: Int64? = row["rowid"]
            let line = rowID.map(String.init) ?? "?"
            problems.append(
                DatabaseProblem(
                    .foreignKey,
                    L("table {table}, ligne {line} : sa ligne de {parent} n’existe pas",
                      ["table": "\(table)", "line": "\(line)", "parent": "\(parent)"])))
        }
        return problems
    }

    private static func mediaProblems(_ db: Database, fileExists: (String) -> Bool) throws -> [DatabaseProblem] {
        try Row.fetchAll(db, sql: "SELECT id, path FROM media ORDER BY path").compactMap { row in
            let path: String = row["path"], id: Int64 = row["id"]
            guard !fileExists(path) else { return nil }
            return DatabaseProblem(
                .missingMedia, L("media/{path} (média {id}) : fichier absent", ["path": "\(path)", "id": "\(id)"]))
        }
    }

    /// The index must hold each published article once (FTS5 rowids are unique, so present means once), nothing
    /// else, and what ``SearchIndex/update(_:articleID:)`` would write for it now.
    private static func searchIndexProblems(_ db: Database) throws -> [DatabaseProblem] {
        var problems: [DatabaseProblem] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, s.slug AS site, a.slug FROM article a JOIN site s ON s.id = a.site_id
                WHERE a.state = 'published' AND a.id NOT IN (SELECT rowid FROM article_search) ORDER BY a.id
                """)
        {
            problems.append(DatabaseProblem(
                .searchIndex,
                L("{article} publié mais absent de l’index (kibaru reindex l’y remet)", ["article": articleName(row)])))
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT f.rowid AS id, s.slug AS site, a.slug, a.state FROM article_search f
                LEFT JOIN article a ON a.id = f.rowid LEFT JOIN site s ON s.id = a.site_id
                WHERE a.state IS NOT 'published' ORDER BY f.rowid
                """)
        {
            let state: String? = row["state"]
            let what = state.map { L("{article} indexé mais pas publié ({state})", ["article": articleName(row), "state": $0]) }
                ?? L("{article} indexé mais supprimé", ["article": articleName(row)])
            problems.append(DatabaseProblem(.searchIndex, what))
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, s.slug AS site, a.slug FROM article a JOIN site s ON s.id = a.site_id
                JOIN article_search f ON f.rowid = a.id
                WHERE a.state = 'published' AND (f.title IS NOT a.title
                    OR f.standfirst IS NOT coalesce(a.standfirst, '')
                    OR f.tags IS NOT coalesce((SELECT group_concat(t.name, ' ; ') FROM article_tag x
                        JOIN tag t ON t.id = x.tag_id WHERE x.article_id = a.id), '')
                    OR f.body IS NOT a.body_text OR f.site IS NOT ? || a.site_id)
                ORDER BY a.id
                """, arguments: [SearchIndex.siteTokenPrefix])
        {
            problems.append(DatabaseProblem(
                .searchIndex, L("{article} indexé avec un contenu périmé", ["article": articleName(row)])))
        }
        return problems
    }

    private static func renderingProblems(_ db: Database, currentVersion: Int) throws -> [DatabaseProblem] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, s.slug AS site, a.slug, a.renderer_version FROM article a JOIN site s ON s.id = a.site_id
                WHERE a.renderer_version < ? ORDER BY a.id
                """, arguments: [currentVersion]
        ).map { row in
            let version: Int = row["renderer_version"]
            return DatabaseProblem(
                .staleRendering,
                L("{article} rendu par la version {version} du moteur (actuelle : {current}) ; le serveur le rend à nouveau à son démarrage",
                  ["article": articleName(row), "version": "\(version)", "current": "\(currentVersion)"]))
        }
    }

    /// `article 12 (mali-actu/marche)`, or `article 12` when the row has no article.
    private static func articleName(_ row: Row) -> String {
        let id: Int64 = row["id"]
        guard let site: String = row["site"], let slug: String = row["slug"] else { return "article \(id)" }
        return "article \(id) (\(site)/\(slug))"
    }
}
