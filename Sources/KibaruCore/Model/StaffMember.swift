import Foundation

/// The fields of a ``StaffMember``: a new one, before the store gives it an id.
public struct NewStaffMember: Equatable, Sendable {
    /// Lowercase; the login.
    public var email: String
    public var name: String
    /// A bcrypt hash; never the password.
    public var passwordHash: String
    public var isNetworkAdmin: Bool
    /// The byline this person signs with.
    public var personID: Person.ID?
    public var createdAt: Date

    public init(
        email: String, name: String, passwordHash: String, isNetworkAdmin: Bool = false,
        personID: Person.ID? = nil, createdAt: Date
    ) {
        self.email = email.lowercased()
        self.name = name
        self.passwordHash = passwordHash
        self.isNetworkAdmin = isNetworkAdmin
        self.personID = personID
        self.createdAt = createdAt
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(StaffMember.isEmail(email), field: "email", code: "email-invalid", values: ["value": email],
            "« \(email) » n’est pas une adresse e-mail")
        check.require(!name.trimmed.isEmpty, field: "name", code: "required", "le nom est obligatoire")
        check.require(name.count <= 120, field: "name", code: "too-long", values: ["max": "120"], "le nom dépasse 120 caractères")
        try check.throwIfAny()
    }
}

/// A staff member's role on one site.
public struct Membership: Equatable, Sendable {
    public var staffID: StaffMember.ID
    public var siteID: Site.ID
    public var role: Role

    public init(staffID: StaffMember.ID, siteID: Site.ID, role: Role) {
        self.staffID = staffID
        self.siteID = siteID
        self.role = role
    }
}

/// The fields of an ``AuditEntry``: a new one, before the store gives it an id.
public struct NewAuditEntry: Equatable, Sendable {
    public var at: Date
    public var actorID: StaffMember.ID?
    public var actorName: String
    /// `article.publish`, `article.unpublish`, `article.trash`, `staff.role`, `staff.add`…
    public var action: String
    public var siteID: Site.ID?
    /// What was acted on, for people: "article 12 « Titre »", "marie@example.org".
    public var subject: String

    public init(
        at: Date, actorID: StaffMember.ID?, actorName: String, action: String, siteID: Site.ID?, subject: String
    ) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.siteID = siteID
        self.subject = subject
    }
}

/// Someone who logs in to the admin: a writer, an editor, a site owner or a network administrator.
public struct StaffMember: SavedEntity, Equatable, Sendable {
    public let id: Tagged<StaffMember, Int64>
    public var fields: NewStaffMember

    public init(id: ID, _ fields: NewStaffMember) {
        self.id = id
        self.fields = fields
    }

    /// A plain check of `local@domain.tld`, without spaces or angle brackets.
    public static func isEmail(_ value: String) -> Bool {
        value.count <= 254 && value.range(of: #"^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$"#, options: .regularExpression) != nil
    }

    /// How `password` breaks the rule for new passwords (in French, with its code); `nil` when it follows it.
    public static func passwordProblem(_ password: String) -> FieldError? {
        if password.count < 10 {
            return FieldError(
                field: "password", message: "le mot de passe doit compter au moins 10 caractères", code: "too-short",
                values: ["min": "10"])
        }
        if password.utf8.count > 72 {
            return FieldError(
                field: "password", message: "le mot de passe ne doit pas dépasser 72 octets (limite de bcrypt)",
                code: "password-bytes")
        }
        return nil
    }
}

/// One line of the audit log: who did what to which thing, when.
public struct AuditEntry: SavedEntity, Equatable, Sendable {
    public let id: Tagged<AuditEntry, Int64>
    public var fields: NewAuditEntry

    public init(id: ID, _ fields: NewAuditEntry) {
        self.id = id
        self.fields = fields
    }
}
