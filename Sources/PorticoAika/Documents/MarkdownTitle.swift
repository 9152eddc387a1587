/// A page's title as its author wrote it: its first level-1 heading outside code.
enum MarkdownTitle {
    static func first(in markdown: String) -> String? {
        for case .heading(level: 1, text: let text) in MarkdownBlocks(ControlCharacters.removed(from: markdown)) where !text.isEmpty {
            return text
        }
        return nil
    }
}
