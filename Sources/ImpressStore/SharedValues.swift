import ImpressModel

/// What the embedded store's events have in common, held once: equal strings share one copy
/// (Swift keeps strings of up to 15 UTF-8 bytes inline, so only longer ones are looked up), and
/// equal signal lists and other-attribute texts share one buffer. Each loading thread shares
/// the events it decodes right away, so the copies it drops are reused at once instead of
/// fragmenting the heap.
struct SharedValues {
    private var strings: Set<String> = []
    private var signalLists: Set<[String]> = []
    private var texts: Set<ItemText> = []

    mutating func share(_ event: inout Event) {
        share(&event.fingerprint)
        share(&event.organizationId)
        share(&event.userId)
        share(&event.domainprint)
        share(&event.domain)
        share(&event.eventType)
        share(&event.ip)
        share(&event.country)
        share(&event.city)
        share(&event.utmSource)
        share(&event.utmMedium)
        share(&event.utmCampaign)
        share(&event.sessionId)
        if !event.signals.isEmpty { event.signals = signalLists.insert(event.signals).memberAfterInsert }
        event.otherAttributes = texts.insert(event.otherAttributes).memberAfterInsert
    }

    private mutating func share(_ string: inout String) {
        guard string.utf8.count > 15 else { return }
        string = strings.insert(string).memberAfterInsert
    }

    private mutating func share(_ string: inout String?) {
        guard var value = string else { return }
        share(&value)
        string = value
    }
}
