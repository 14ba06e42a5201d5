import Foundation
import KibaruCore
import PostgresNIO

/// ``SiteRepository``: sites, the network and its secrets.
extension PostgresTransaction {
    func network() async throws -> Network? {
        try await map("SELECT title, tagline FROM network WHERE id = 1") {
            Network(title: try $0.get("title"), tagline: try $0.get("tagline"))
        }.first
    }

    func saveNetwork(_ network: Network) async throws {
        try await run("""
            INSERT INTO network (id, title, tagline) VALUES (1, \(network.title), \(network.tagline))
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, tagline = excluded.tagline
            """)
    }

    func site(slug: Slug) async throws -> Site? {
        try await map("SELECT * FROM site WHERE slug = \(slug.rawValue)", PostgresRowMapping.site).first
    }

    func site(id: Site.ID) async throws -> Site? {
        try await map("SELECT * FROM site WHERE id = \(id)", PostgresRowMapping.site).first
    }

    func sites() async throws -> [Site] {
        try await map("SELECT * FROM site ORDER BY slug", PostgresRowMapping.site)
    }

    func insertSite(_ site: NewSite) async throws -> Site {
        if try await self.site(slug: site.slug) != nil { throw ContentError.slugTaken(site.slug) }
        if let host = site.host, try await value("SELECT 1::BIGINT FROM site WHERE host = \(host)", as: Int64.self) != nil {
            throw ContentError.slugTaken(site.slug)
        }
        return Site(id: try await insertedID("""
            INSERT INTO site (slug, title, tagline, language, time_zone, host, comment_mode, comments_close_after_days,
                comment_block_list, french_typography, accent_color, logo)
            VALUES (\(site.slug.rawValue), \(site.title), \(site.tagline), \(site.language), \(site.timeZone), \(site.host),
                \(site.commentMode.rawValue), \(site.commentsCloseAfterDays.map(Int64.init)),
                \(site.commentBlockList.joined(separator: "\n")), \(site.frenchTypography), \(site.accentColor), \(site.logo))
            RETURNING id
            """, of: Site.self), site)
    }

    func updateSite(_ site: Site) async throws {
        let id = site.id
        if let host = site.host,
            try await value("SELECT id FROM site WHERE host = \(host) AND id <> \(id)", as: Int64.self) != nil
        {
            throw ContentError.slugTaken(site.slug)
        }
        try await run("""
            UPDATE site SET title = \(site.title), tagline = \(site.tagline), language = \(site.language),
                time_zone = \(site.timeZone), host = \(site.host), comment_mode = \(site.commentMode.rawValue),
                comments_close_after_days = \(site.commentsCloseAfterDays.map(Int64.init)),
                comment_block_list = \(site.commentBlockList.joined(separator: "\n")),
                french_typography = \(site.frenchTypography), accent_color = \(site.accentColor), logo = \(site.logo)
            WHERE id = \(id)
            """)
    }

    func secret(named name: String, orCreate make: () -> String) async throws -> String {
        if let value = try await value("SELECT value FROM network_secret WHERE name = \(name)", as: String.self) {
            return value
        }
        let value = make()
        try await run("INSERT INTO network_secret (name, value) VALUES (\(name), \(value))")
        return value
    }
}
