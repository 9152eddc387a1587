import Foundation

/// An invoice as a page a person can print: plain HTML with its own print styles, every value
/// escaped (names and addresses come from tenants).
enum InvoiceHTML {
    static func render(_ invoice: Invoice, profile: BillingProfile?, issuer: String, creditNotes: [CreditNote]) throws -> String {
        let currency = try Currency(code: invoice.currency)
        let title = invoice.number.map { "Invoice \($0)" } ?? "Draft invoice"
        let period = "\(day(invoice.periodStart)) – \(day(invoice.periodEnd.addingTimeInterval(-1)))"
        let rows = invoice.lines.map { line in
            """
                <tr><td>\(escape(line.description))</td><td class="n">\(line.quantity)</td>\
            <td class="n">\(escape(currency.format(line.unitAmount)))</td><td class="n">\(escape(currency.format(line.amount)))</td></tr>
            """
        }.joined(separator: "\n")
        let credits = creditNotes.map { note in
            "<p>Credit note \(escape(note.number)): \(escape(currency.format(note.amount))) — \(escape(note.reason))</p>"
        }.joined(separator: "\n")
        let billedTo = profile.map { profile in
            """
            <p><strong>\(escape(profile.legalName))</strong><br>\(escape(profile.address).replacingOccurrences(of: "\n", with: "<br>"))<br>\
            \(escape(profile.email))\(profile.taxId.isEmpty ? "" : "<br>Tax id: \(escape(profile.taxId))")</p>
            """
        } ?? "<p>Tenant \(escape(invoice.tenant.description))</p>"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; }
            table { width: 100%; border-collapse: collapse; } td, th { padding: .4rem; border-bottom: 1px solid #ddd; text-align: left; }
            .n { text-align: right; font-variant-numeric: tabular-nums; } .totals td { border: none; }
            @media print { body { margin: 0; } }
            </style></head>
            <body>
            <h1>\(escape(title))</h1>
            <p>Issued by \(escape(issuer)) · Period \(escape(period)) · Status \(escape(invoice.status.rawValue))\
            \(invoice.dueAt.map { " · Due \(day($0))" } ?? "")</p>
            \(billedTo)
            <table>
            <thead><tr><th>Description</th><th class="n">Quantity</th><th class="n">Unit price</th><th class="n">Amount</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            <tfoot class="totals">
            <tr><td colspan="3" class="n">Subtotal</td><td class="n">\(escape(currency.format(invoice.subtotal)))</td></tr>
            <tr><td colspan="3" class="n">Tax (\(Double(invoice.taxRateBasisPoints) / 100)%)</td><td class="n">\(escape(currency.format(invoice.tax)))</td></tr>
            <tr><td colspan="3" class="n"><strong>Total</strong></td><td class="n"><strong>\(escape(currency.format(invoice.total)))</strong></td></tr>
            </tfoot>
            </table>
            \(credits)
            </body></html>
            """
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
