package speakers

import "strings"

// Gender of a name guessed from its first token (and a gendered title),
// used only to stop "she" from resolving to a man or "he" to a woman. ""
// when unknown, which blocks nothing. The lists are common given names in
// English-language news, including South Asian and Middle Eastern names.
func Gender(name string, titles []string) string {
	for _, t := range titles {
		switch strings.ToLower(strings.Trim(t, ".")) {
		case "mr", "sir", "king", "prince", "lord", "sheikh", "emir", "sultan", "father", "brother":
			return "m"
		case "mrs", "ms", "miss", "lady", "queen", "princess", "dame", "madam", "mother", "sister":
			return "f"
		}
	}
	f := strings.Fields(name)
	if len(f) < 2 {
		return ""
	}
	first := strings.ToLower(strings.Trim(f[0], ".,"))
	switch {
	case maleNames[first]:
		return "m"
	case femaleNames[first]:
		return "f"
	}
	return ""
}

var maleNames = set(`john james robert michael william david richard joseph thomas charles
christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter christian
keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse bryan billy
bruce gabriel joe logan albert willie alan eugene russell vincent philip bobby johnny bradley
mike tim tom jim bob bill dan steve chris tony rafael carlos juan luis miguel pedro jorge
muhammad mohammad mohammed ahmed ahmad ali hassan hussein omar khalid abdullah ibrahim yusuf
imran nawaz shehbaz asif khawaja khwaja bilawal asim shahab zabihullah amir hamid ashraf
rajesh rahul amit sanjay narendra vijay arjun ravi suresh anil manoj ajay sunil deepak
vladimir dmitry sergei xi li wang emmanuel olaf recep benjamin volodymyr joe barack keir rishi
boris justin`)

var femaleNames = set(`mary patricia jennifer linda elizabeth barbara susan jessica sarah
karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy
melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria
heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice
jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa
diana natalie brittany charlotte marie kayla alexis lori taylor kate jane ilhan kamala hillary
nancy angela ursula theresa liz kristi jacinda fatima aisha ayesha maryam benazir sherry hina
priya sunita anita pooja nirmala indira sonia smriti mumtaz malala marina olga tatiana elena
irina natalia jessie nadia ida ines mia nina vera joan`)
