import Foundation
import Testing
import LacunaCore
@testable import Worklist

@Suite("Times and numbers as the pages show them")
struct DayLabelTests {
    @Test("a time the case stamped in UTC, in the practice's zone (daylight saving included)")
    func stamped() {
        let auckland = TimeZone(identifier: "Pacific/Auckland")!
        #expect(DayLabel.stamped("2026-12-01 22:08:41", zone: auckland) == "Wed 2 Dec 11:08")
        #expect(DayLabel.stamped("2026-07-01 22:08:41", zone: auckland) == "Thu 2 Jul 10:08")
        #expect(DayLabel.stamped("2025-04-05 23:59:59", zone: TimeZone(identifier: "UTC")!) == "Sat 5 Apr 23:59")
        #expect(DayLabel.stamped("not a time", zone: auckland) == "not a time")
        #expect(DayLabel.long("2025-04-03") == "Thu 3 Apr 2025")
        #expect(PhoneNumber.spaced("+64217664344") == "021 766 4344")
        #expect(PhoneNumber.spaced("+6495550142") == "09 555 0142")
    }
}
