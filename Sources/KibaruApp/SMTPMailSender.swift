import Foundation
import KibaruCore
import KibaruText
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Where to send mail: an SMTP server without TLS, typically the machine's own relay (`smtp://127.0.0.1:25`)
/// that forwards to the world.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The sender address (`kibaru@example.org`).
    public var from: String

    /// Reads `smtp://host[:port]`; throws ``ConfigError`` otherwise.
    public init(url: String, from: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "smtp", let host = components.host,
            !host.isEmpty
        else { throw ConfigError(key: "smtp", message: L("« {url} » n’est pas une adresse smtp://hôte:port", ["url": url])) }
        guard StaffMember.isEmail(from) else {
            throw ConfigError(key: "mail-from", message: L("« {address} » n’est pas une adresse e-mail", ["address": from]))
        }
        self.host = host
        self.port = components.port ?? 25
        self.from = from
    }
}

/// Errors of the SMTP conversation, with the server's reply.
public struct SMTPError: Error, CustomStringConvertible {
    /// The step that failed: a word in the command line's language (``L(_:_:)``), or the SMTP command sent.
    public var step: String
    public var reply: String

    public var description: String { L("envoi du courriel impossible ({step}) : {reply}", ["step": step, "reply": reply]) }
}

/// A small SMTP client (RFC 5321): one connection a message, UTF-8 headers and body, ten-second timeouts. It runs
/// on NIO's thread pool, never on the request threads.
public struct SMTPMailSender: MailSender {
    let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    public func send(_ message: MailMessage) async throws {
        guard StaffMember.isEmail(message.to) else { throw SMTPError(step: L("destinataire"), reply: message.to) }
        let settings = self.settings
        // The pool's thread speaks the caller's language (the command line's, or French in the server).
        let speech = Words.speech
        try await NIOThreadPool.singleton.runIfActive { try Words.carrying(speech) {
            let connection = try Connection(host: settings.host, port: settings.port)
            defer { connection.close() }
            try connection.expect(220, step: L("accueil"))
            try connection.command("EHLO kibaru", expect: 250)
            try connection.command("MAIL FROM:<\(settings.from)>", expect: 250)
            try connection.command("RCPT TO:<\(message.to)>", expect: 250)
            try connection.command("DATA", expect: 354)
            try connection.write(SMTPMailSender.render(message, from: settings.from) + "\r\n.\r\n")
            try connection.expect(250, step: L("message"))
            try? connection.command("QUIT", expect: 221)
        } }
    }

    /// The message as sent: headers (subject encoded for UTF-8), base64 body, lines dot-safe.
    static func render(_ message: MailMessage, from: String) -> String {
        let subject = "=?UTF-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        let date = InternetDate.rfc822(Date())
        let body = Data(message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(from)", "To: \(message.to)", "Subject: \(subject)", "Date: \(date)",
            "Message-ID: <\(UUID().uuidString)@kibaru>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", body,
        ].joined(separator: "\r\n")
    }

    /// A blocking TCP connection with line-oriented replies.
    final class Connection {
        let descriptor: Int32
        var pending = [UInt8]()

        init(host: String, port: Int) throws {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var results: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
                throw SMTPError(step: L("connexion"), reply: L("hôte {host} introuvable", ["host": host]))
            }
            defer { freeaddrinfo(results) }
            var candidate: UnsafeMutablePointer<addrinfo>? = first
            while let info = candidate {
                let socketDescriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                if socketDescriptor >= 0 {
                    var timeout = timeval(tv_sec: 10, tv_usec: 0)
                    setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    if connect(socketDescriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                        descriptor = socketDescriptor
                        return
                    }
                    Glibc.close(socketDescriptor)
                }
                candidate = info.pointee.ai_next
            }
            throw SMTPError(step: L("connexion"), reply: L("{host}:{port} ne répond pas", ["host": host, "port": "\(port)"]))
        }

        func close() { Glibc.close(descriptor) }

        func write(_ text: String) throws {
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw SMTPError(step: L("écriture"), reply: String(cString: strerror(errno))) }
                bytes = bytes.dropFirst(sent)
            }
        }

        func command(_ line: String, expect code: Int) throws {
            try write(line + "\r\n")
            try expect(code, step: String(line.prefix(4)))
        }

        /// Reads a whole reply (multi-line `250-…` included) and checks its code.
        func expect(_ code: Int, step: String) throws {
            var lines: [String] = []
            while true {
                let line = try readLine()
                lines.append(line)
                if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { break }
            }
            guard let last = lines.last, Int(last.prefix(3)) == code else {
                throw SMTPError(step: step, reply: lines.joined(separator: " "))
            }
        }

        private func readLine() throws -> String {
            while true {
                if let end = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .newlines)
                    pending.removeSubrange(...end)
                    return line
                }
                var buffer = [UInt8](repeating: 0, count: 1024)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { throw SMTPError(step: L("lecture"), reply: L("connexion fermée par le serveur")) }
                pending += buffer[..<count]
            }
        }
    }
}
