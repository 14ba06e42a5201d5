import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText
import Synchronization

/// `kibaru backup --data DIR --out FILE`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: L("Sauvegarde le réseau (base et médias) dans une archive, même pendant que le serveur tourne."),
        discussion: reflowed(L("""
            L’archive (tar ustar) contient kibaru.sqlite, copié par l’API de sauvegarde de SQLite depuis un seul
            instantané, chaque fichier ordinaire de media/ (les liens symboliques sont ignorés, avec un
            avertissement) et manifest.json (migrations, taille et SHA-256 de chaque fichier). Elle est écrite dans
            FICHIER.partial puis renommée : une sauvegarde qui échoue ne laisse jamais d’archive tronquée. Elle
            contient les adresses e-mail des lecteurs et les empreintes des mots de passe : gardez-la privée.
            """)))

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp(L("L’archive à écrire (.tar).")))
    var out: String

    @OptionGroup var output: ProgressOptions

    func run() throws {
        let summary = try NetworkBackup.create(
            from: try data.directory(), to: out, warn: Progress.print, progress: output.progress)
        Progress.result(
            L(
                "Sauvegarde écrite dans {path} : {files} (la base et {media}), {bytes}",
                [
                    "path": out, "files": Words.count(summary.mediaFiles + 1, "fichier", "fichiers"),
                    "media": Words.count(summary.mediaFiles, "média", "médias"),
                    "bytes": Words.count(Int(summary.archiveBytes), "octet", "octets"),
                ]))
    }
}

/// `kibaru restore FILE --data DIR`
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: L("Restaure une sauvegarde dans un dossier neuf, après avoir vérifié chacun de ses fichiers."),
        discussion: reflowed(L("""
            Le dossier ne doit pas exister ou doit être vide. Chaque fichier est comparé à la taille et à la somme
            SHA-256 du manifeste ; les chemins qui sortiraient du dossier (« .. », chemins absolus) et les liens
            sont refusés ; la base est ouverte (et mise à jour) pour prouver qu’elle fonctionne. Au moindre
            problème, rien n’est laissé à moitié restauré.
            """)))

    @Argument(help: ArgumentHelp(L("L’archive écrite par « kibaru backup ».")))
    var file: String

    @OptionGroup var data: DataOptions

    func run() throws {
        let summary = try NetworkBackup.restore(from: file, into: try data.directory())
        let date = summary.createdAt.formatted(.iso8601)
        let directory = try data.directory().description
        print(
            L(
                "Réseau restauré dans {directory} : la base et {media}, sauvegarde du {date}, {migrations}",
                [
                    "directory": directory, "media": Words.count(summary.mediaFiles, "média", "médias"),
                    "date": date, "migrations": Words.count(summary.migrations.count, "migration", "migrations"),
                ]))
    }
}

/// `kibaru check --data DIR`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: L("Vérifie la cohérence du réseau ; sort en erreur au moindre problème."),
        discussion: reflowed(L("""
            Intégrité de la base et clés étrangères, migrations, médias enregistrés dont le fichier manque,
            index de recherche (chaque article publié indexé une fois, à jour, et rien d’autre), articles rendus par
            une version ancienne du moteur. Une ligne par problème, puis un bilan. Lit un seul instantané de la
            base : le serveur peut tourner pendant la vérification.
            """)))

    @OptionGroup var data: DataOptions

    func run() throws {
        let problems = try NetworkCheck.run(on: try data.directory())
        for problem in problems { print(problem) }
        let directory = try data.directory().description
        guard !problems.isEmpty else {
            print(L("{directory} : aucun problème", ["directory": directory]))
            return
        }
        print(L("{directory} : {problems}", ["directory": directory, "problems": Words.count(problems.count, "problème", "problèmes")]))
        throw ExitCode.failure
    }
}

/// `kibaru related --data DIR`
struct RelatedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: L("Calcule les articles liés laissés en attente par un import, sans attendre le serveur."),
        discussion: reflowed(L("""
            Après un import, le serveur compare les nouveaux articles en arrière-plan, par lots de dix. Cette
            commande fait le même travail tout de suite (par exemple avant d’ouvrir un réseau importé), par lots
            courts qui laissent passer les écritures du serveur s’il tourne ; elle peut être interrompue et
            relancée.
            """)))

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ProgressOptions

    func run() async throws {
        let store = try await data.directory().open()
        let progress = output.progress
        // Related articles are found through the search index: what it lacks (after an upgrade) goes in first.
        do {
            let indexed = try await SearchIndexing(store: store).indexMissingArticles()
            if indexed > 0 { progress(L("{articles} dans l’index de recherche d’abord", ["articles": Words.count(indexed, "article mis", "articles mis")])) }
        } catch let failure as SearchIndexingFailure {
            Progress.print(L("index de recherche : {failure}", ["failure": "\(failure)"]))
        }
        let articles = ArticleService(store: store)
        let pending = try await store.read { tx in try await tx.relatedPendingCount() }
        let line = ProgressLine(total: pending, things: L("articles comparés"))
        var done = 0, reported = 0
        while true {
            let batch = try await articles.computePendingRelated(
                limit: 50, parallel: ProcessInfo.processInfo.activeProcessorCount)
            if batch == 0 { break }
            done += batch
            if done - reported >= 1_000 || (Progress.onTerminal && done - reported >= 100) {
                progress(line.line(done: min(done, pending)))
                reported = done
            }
        }
        Progress.result(L("Articles liés calculés : {articles}", ["articles": Words.count(done, "article", "articles")]))
    }
}

/// `kibaru reindex --data DIR`
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: L("Remet dans l’index de recherche les articles publiés qu’il n’a pas, sans attendre le serveur."),
        discussion: reflowed(L("""
            Une mise à jour qui refait l’index de recherche le vide : le serveur y remet alors les articles publiés
            en arrière-plan, les plus récents d’abord. Cette commande fait le même travail tout de suite, par lots
            courts qui laissent passer les écritures du serveur s’il tourne ; elle peut être interrompue et
            relancée.
            """)))

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ProgressOptions

    func run() async throws {
        let store = try await data.directory().open()
        let indexing = SearchIndexing(store: store)
        let line = ProgressLine(total: try await indexing.missingCount(), things: L("articles indexés"))
        let progress = output.progress
        // Every thousand articles in a log; every hundred on a terminal, where the bar is redrawn in place.
        let step = Progress.onTerminal ? 100 : 1_000
        let reported = Mutex(0)
        let indexed = try await indexing.indexMissingArticles { done in
            let due = reported.withLock { last in
                guard done - last >= step else { return false }
                last = done
                return true
            }
            if due { progress(line.line(done: done)) }
        }
        Progress.result(
            L("Index de recherche complété : {articles}", ["articles": Words.count(indexed, "article ajouté", "articles ajoutés")]))
    }
}
