/// The minor unit digits of ISO 4217 currencies a price book may use (ISO 4217 list one, active
/// codes). A code missing here is refused rather than guessed at: an exponent taken wrongly would
/// bill a hundred times too much or too little.
enum ISO4217 {
    static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        for code in twoDigits { table[code] = 2 }
        for code in noDigits { table[code] = 0 }
        for code in threeDigits { table[code] = 3 }
        return table
    }()

    private static let twoDigits = [
        "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
        "INR", "BRL", "MXN", "ZAR", "SGD", "HKD", "CNY", "RON", "TRY", "ILS", "AED", "SAR", "QAR",
        "THB", "MYR", "IDR", "PHP", "TWD", "COP", "PEN", "ARS", "UYU", "EGP", "MAD", "NGN", "KES",
        "GHS", "UAH", "RSD", "GEL", "KZT", "PKR", "BDT", "LKR",
    ]
    private static let noDigits = [
        "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XOF", "XAF", "PYG", "XPF", "BIF", "DJF", "GNF",
        "KMF", "RWF", "VUV",
    ]
    private static let threeDigits = ["BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"]
}
