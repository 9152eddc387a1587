/// Why one event of a batch was not taken: reported with its index, the rest of the batch is.
struct EventRejection: Error, Sendable, Equatable {
    enum Code: String, Sendable {
        /// Missing or unknown fields, wrong types.
        case invalidEvent = "invalid_event"
        case invalidTimestamp = "invalid_timestamp"
        case timestampInFuture = "timestamp_in_future"
        case timestampTooOld = "timestamp_too_old"
        case invalidUser = "invalid_user"
        case fieldTooLong = "field_too_long"
        case attributesTooLarge = "attributes_too_large"
        /// An id already taken by an event with a different body.
        case idReused = "id_reused"
    }

    let code: Code
    let detail: String
}
