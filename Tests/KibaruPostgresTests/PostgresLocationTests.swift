import Foundation
import KibaruCore
@testable import KibaruPostgres
import PostgresNIO
import Testing

/// `postgres://` addresses read as libpq reads them, and refused with the reason when they cannot be used.
@Suite struct PostgresLocationTests {
    @Test func aFullAddressGivesEachPart() throws {
        let location = try PostgresLocation(url: "postgresql://kibaru:p%40ss%2Fw@db.example:6543/reseau?sslmode=require")
        #expect(location.user == "kibaru" && location.password == "p@ss/w")
        #expect(location.host == "db.example" && location.port == 6543 && location.database == "reseau")
        #expect(location.tls == .require && location.socketFolder == nil)
        #expect(!location.description.contains("p@ss"), "no password in messages")
        #expect(try PostgresLocation(url: location.url) == location, "the URL given to another process is the same place")
    }

    @Test func verifyFullChecksTheCertificateAndTheOthersDoNot() throws {
        #expect(try PostgresLocation(url: "postgres://h/b?sslmode=verify-full").tls == .verifyFull)
        #expect(try PostgresLocation(url: "postgres://h/b?sslmode=verify-full").url.contains("sslmode=verify-full"))
    }

    @Test func defaultsAreThoseOfLibpq() throws {
        let location = try PostgresLocation(url: "postgres://db.example/reseau")
        #expect(location.user == "postgres" && location.port == 5432 && location.tls == .prefer && location.password == nil)
    }

    @Test func aSocketFolderIsReachedWithoutTLS() throws {
        let location = try PostgresLocation(url: "postgres://kibaru@/reseau?host=/run/postgresql&sslmode=require")
        #expect(location.socketFolder == "/run/postgresql" && location.tls == .disable)
        #expect(location.configuration.unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(try PostgresLocation(url: location.url) == location)
    }

    @Test(arguments: [
        ("mysql://u@h/b", "postgres://"), ("postgres://u@h", "ne nomme pas de base"),
        ("postgres://u@h/b?sslmode=parfois", "sslmode"), ("pas une adresse", "postgres://"),
    ])
    func anUnusableAddressIsRefusedWithTheReason(_ url: String, _ reason: String) {
        do {
            _ = try PostgresLocation(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func aPasswordNeverAppearsInTheMessageOfARefusedAddress() {
        do {
            _ = try PostgresLocation(url: "postgres://u:secret@h/")
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("secret"))
        }
    }
}

/// The schema script cut into the statements PostgreSQL's extended protocol runs one at a time.
@Suite struct SQLStatementsTests {
    @Test func semicolonsInsideStringsBodiesAndCommentsDoNotCut() {
        let script = """
            CREATE TABLE a (t TEXT DEFAULT 'x;y'); -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO a VALUES ('1;2'); RETURN NEW; END;
            $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            SELECT 'it''s; fine'
            """
        let statements = SQLStatements.split(script)
        #expect(statements.count == 4)
        #expect(statements[0] == "CREATE TABLE a (t TEXT DEFAULT 'x;y')")
        #expect(statements[1].hasSuffix("END;\n$$"))
        #expect(statements[2].hasSuffix("$body$ SELECT 1; $body$"))
        #expect(statements[3] == "SELECT 'it''s; fine'")
    }

    @Test func theSchemaIsCutIntoWholeStatements() {
        let statements = PostgresSchema.versions.flatMap(SQLStatements.split)
        #expect(statements.count > 100)
        #expect(statements.allSatisfy { !$0.isEmpty && !$0.hasPrefix(";") })
        #expect(statements.filter { $0.hasPrefix("CREATE TRIGGER") }.count == 46, "45 of SQLite's, and the notification of version 2")
    }
}
