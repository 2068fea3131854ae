package textutil

import "testing"

// TestGuessLang: Latin-script languages by their function words, others by
// their script. The sentences are made up for the test.
func TestGuessLang(t *testing.T) {
	cases := map[string]string{
		"The council said that the bridge would reopen in the spring, and that the works were on time.": "en",
		"O conselho disse que a ponte vai reabrir na primavera e que as obras estão no prazo.":          "pt",
		"Городской совет сообщил, что мост откроют весной, а работы идут по графику.":                   "ru",
		"Міська рада повідомила, що міст відкриють навесні, а роботи йдуть за графіком.":                "uk",
		"市議会は、橋は春に再開し、工事は予定通りだと述べた。":                                                                    "ja",
		"市议会表示，这座桥将在春天重新开放，工程按计划进行。":                                                                    "zh",
		"시의회는 다리가 봄에 다시 열리고 공사가 예정대로 진행 중이라고 밝혔다.":                                                      "ko",
		"قال المجلس البلدي إن الجسر سيعاد فتحه في الربيع وإن الأعمال تسير وفق الجدول.":                  "ar",
		"नगर परिषद ने कहा कि पुल वसंत में फिर से खुलेगा और काम समय पर चल रहा है।":                       "hi",
		"നഗരസഭ പാലം വസന്തത്തിൽ വീണ്ടും തുറക്കുമെന്ന് അറിയിച്ചു.":                                        "ml",
		"":         "",
		"12 34 56": "",
	}
	for in, want := range cases {
		if got := GuessLang(in); got != want {
			t.Errorf("GuessLang(%.30q) = %q, want %q", in, got, want)
		}
	}
}
