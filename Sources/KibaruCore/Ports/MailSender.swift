/// A plain-text e-mail.
public struct MailMessage: Equatable, Sendable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends e-mail (SMTP in production).
public protocol MailSender: Sendable {
    func send(_ message: MailMessage) async throws
}
