import Testing
import LacunaCore
@testable import Linkage

@Suite("A link's waterfall")
struct MatchExplanationTests {
    @Test("the HTML waterfall: a row for the prior and each comparison, escaped, bars placed, then the weight and probability; as first written")
    func html() {
        let step = MatchExplanation.Step.init(comparison:level:weight:frequencyAdjustment:)
        // As the waterfall was first written (each row's pieces joined with `+`), byte for byte: a prior
        // alone; comparisons for and against, a frequency adjustment, a label to escape; a degenerate
        // model's infinite weights (shown as they always were).
        let cases: [(MatchExplanation, String)] = [
            (MatchExplanation(prior: -9.5, steps: []),
             #"<table class="waterfall" style="border-collapse:collapse;font-size:12px">"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">prior</td><td style="padding:1px 6px;text-align:right">-9.50</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:0.0%;width:100.0%;height:12px;background:#c62828"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px"><b>match weight</b></td><td style="padding:1px 6px;text-align:right"><b>-9.50</b></td><td style="padding:1px 6px">probability 0.0014</td></tr></table>"#),
            (MatchExplanation(prior: -12.25, steps: [step("NHI", "same NHI", 14.1, 0), step("family name", "exact", 6.2, 1.5),
                                                    step("given name", "<Jaro-Winkler ≥ 0.92> & \"Ngā\"", 3.3, -0.4),
                                                    step("date of birth", "different", -7.75, 0), step("sex", "missing", 0, 0)]),
             #"<table class="waterfall" style="border-collapse:collapse;font-size:12px">"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">prior</td><td style="padding:1px 6px;text-align:right">-12.25</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:0.0%;width:49.6%;height:12px;background:#c62828"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">NHI: same NHI</td><td style="padding:1px 6px;text-align:right">+14.10</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:0.0%;width:57.1%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">family name: exact</td><td style="padding:1px 6px;text-align:right">+7.70</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:57.1%;width:31.2%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">given name: &lt;Jaro-Winkler ≥ 0.92&gt; &amp; &quot;Ngā&quot;</td><td style="padding:1px 6px;text-align:right">+2.90</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:88.3%;width:11.7%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">date of birth: different</td><td style="padding:1px 6px;text-align:right">-7.75</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:68.6%;width:31.4%;height:12px;background:#c62828"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">sex: missing</td><td style="padding:1px 6px;text-align:right">+0.00</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:68.6%;width:0.5%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px"><b>match weight</b></td><td style="padding:1px 6px;text-align:right"><b>+4.70</b></td><td style="padding:1px 6px">probability 0.9630</td></tr></table>"#),
            (MatchExplanation(prior: 2, steps: [step("phone", "same number", .infinity, 0), step("email", "different", -.infinity, 0)]),
             #"<table class="waterfall" style="border-collapse:collapse;font-size:12px">"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">prior</td><td style="padding:1px 6px;text-align:right">+2.00</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:0.0%;width:0.5%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">phone: same number</td><td style="padding:1px 6px;text-align:right">+inf</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:0.0%;width:0.5%;height:12px;background:#2e7d32"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px;white-space:nowrap">email: different</td><td style="padding:1px 6px;text-align:right">-inf</td><td style="width:260px"><div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;left:-nan%;width:0.5%;height:12px;background:#c62828"></div></div></td></tr>"# +
             #"<tr><td style="padding:1px 6px"><b>match weight</b></td><td style="padding:1px 6px;text-align:right"><b>-nan</b></td><td style="padding:1px 6px">probability nan</td></tr></table>"#),
        ]
        for (explanation, written) in cases { #expect(explanation.html == written) }
    }
}
