import ArgumentParser
import Foundation

struct AdminBillingInvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices", abstract: "List and show invoices; void them, mark them paid or uncollectible.",
        subcommands: [List.self, Show.self, MarkPaid.self, Void.self, MarkUncollectible.self])

    static let columns = [
        ("ID", "id"), ("NUMBER", "number"), ("TENANT", "tenantId"), ("STATUS", "status"), ("PERIOD", "periodStart"),
        ("CURRENCY", "currency"), ("TOTAL", "total"), ("DUE", "dueAt"),
    ]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List invoices, newest period first.")
        @OptionGroup var options: AdminOptions
        @Option(help: "Only this tenant's (slug or id).") var tenant: String?
        @Option(help: "draft, open, paid, void or uncollectible.") var status: String?
        @Option(help: "At most this many (1-1000).") var limit = 100

        func run() async throws {
            try await runAdmin(options) {
                let client = try options.client()
                let id = try await tenant.asyncMap { try await AdminBillingCommand.tenantID($0, client: client) }
                let page = try await client.get("/admin/v1/billing/invoices", query: [
                    "tenant": id, "status": status, "limit": String(limit),
                ]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(page) }
                AdminOutput.printTable(page["items"] as? [[String: Any]] ?? [], columns: AdminBillingInvoicesCommand.columns)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an invoice with its lines.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Invoice id.") var id: String

        func run() async throws {
            try await runAdmin(options) {
                let invoice = try await options.client().get("/admin/v1/billing/invoices/\(id)") as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(invoice) }
                AdminOutput.printRecord(invoice, keys: [
                    "id", "number", "tenantId", "status", "periodStart", "periodEnd", "currency", "subtotal", "tax", "total",
                    "finalizedAt", "dueAt", "paidAt",
                ])
                AdminOutput.printTable(invoice["lines"] as? [[String: Any]] ?? [], columns: [
                    ("DESCRIPTION", "description"), ("QUANTITY", "quantity"), ("UNIT", "unitAmount"), ("AMOUNT", "amount"),
                ])
            }
        }
    }

    /// One action on one invoice: `mark-paid`, `void`, `mark-uncollectible`.
    static func act(_ action: String, on id: String, options: AdminOptions) async throws {
        try await runAdmin(options) {
            let invoice = try await options.client().post("/admin/v1/billing/invoices/\(id)/\(action)") as? [String: Any] ?? [:]
            if options.json { return AdminOutput.printJSON(invoice) }
            print("invoice \(invoice["number"] as? String ?? id) is \(invoice["status"] as? String ?? "?")")
        }
    }

    struct MarkPaid: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-paid", abstract: "Mark an invoice paid (ends past_due and a billing suspension once nothing is overdue).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Invoice id.") var id: String
        func run() async throws { try await act("mark-paid", on: id, options: options) }
    }

    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "Void an open invoice (issued by mistake).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Invoice id.") var id: String
        func run() async throws { try await act("void", on: id, options: options) }
    }

    struct MarkUncollectible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mark-uncollectible", abstract: "Write an open invoice off.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Invoice id.") var id: String
        func run() async throws { try await act("mark-uncollectible", on: id, options: options) }
    }
}

struct AdminBillingCreditNotesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-notes", abstract: "Credit part or all of a paid invoice.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a credit note against a paid invoice.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "Invoice id.") var invoice: String
        @Option(help: "Amount in the invoice currency's minor units (cents).") var amount: Int64
        @Option(help: "Why, as the tenant will read it.") var reason: String

        func run() async throws {
            try await runAdmin(options) {
                let note = try await options.client().post(
                    "/admin/v1/billing/invoices/\(invoice)/credit-notes", body: ["amount": amount, "reason": reason]) as? [String: Any] ?? [:]
                if options.json { return AdminOutput.printJSON(note) }
                AdminOutput.printRecord(note, keys: ["id", "number", "invoiceId", "currency", "amount", "reason", "createdAt"])
            }
        }
    }
}

extension Optional {
    func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
