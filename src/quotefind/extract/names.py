"""Given names that tell a person's gender (a table of data: common names in English-language news).

Only names that are used overwhelmingly for one gender are listed (not Robin, Jordan, Kim, Lee, Jean,
Alex, Chris, Sam ...); a name missing here leaves the gender unknown, which agrees with either pronoun.
"""

from __future__ import annotations

from quotefind.extract.lexicon import PLACES

# fmt: off
_FEMALE = """
aaliyah abby abigail ada adele adriana agnes aisha alexandra alexis alice alicia alison allison
alma amanda amber amelia amy ana anastasia andrea angela angelina angie anita ann anna anne annette
annie antonia april ariana arlene ashley audrey ava barbara beatrice becky belinda bernadette
beth bethany betty beverly bianca bonnie brenda brianna bridget brittany brooke caitlin camila
candace cara carla carmen carol caroline carolyn carrie cassandra catherine cathy cecilia celine
charlene charlotte chelsea cheryl chloe christina christine chrystia cindy claire clara claudia
colleen connie constance courtney crystal cynthia daisy daniela danielle daphne darlene dawn
debbie deborah debra delia denise diana diane dianne dolores donna doris dorothy edith eileen elaine
eleanor elena elisabeth elise eliza elizabeth ella ellen eloise emilie emily emma erica erika erin
esther eva evelyn faith fatima felicity fiona florence frances francesca freya gabriela gabrielle
gail gemma georgia geraldine gillian gina ginette gloria grace gwen hailey hannah harriet hayley
heather heidi helen helena hilary hillary holly ida ingrid irene iris isabel isabella isabelle
 jacqueline jane janet janice jasmine jayme jeanette jeanine jeanne jenna jennifer
jenny jessica jill joan joanna joanne jocelyn jodi josephine joy joyce judith judy julia
julie juliet june justine kaitlyn karen karina kate katherine kathleen kathryn kathy katie
katrina kayla kendra kimberly kirsten kristen kristin krystal lara laura lauren
laurie leah leila lena lilian lillian lily linda lindsay lindsey lisa lois loretta lori
lorraine louise lucille lucy lydia mackenzie madeleine madison maggie mandy marcia margaret
margarita maria mariam marian marianne marie marilyn marina marion marjorie marlene martha mary
maureen maxine megan meghan melanie melinda melissa mercedes meredith mia michelle mildred miranda
miriam molly monica monique nadia nancy naomi natalie natasha nathalie nicola nicole nina
nora norma olga olivia paige pamela patricia paula pauline peggy penelope penny phyllis priya
rachel rachael rebecca regina renee rita roberta rosa rosalie rose rosemary roxanne ruby ruth
sabrina sally samantha sandra sara sarah selena serena shannon sharon sheila shelley sherry
shirley simone sofia sonia sophia sophie stacey stella stephanie sue susan suzanne sylvia tamara
tanya tara teresa theresa tiffany tina tracey tracy valerie vanessa vera veronica vicki victoria
violet virginia vivian wanda wendy whitney yolanda yvonne zoe
aditi anjali deepa farah fatemeh ines irina jacinda khadija layla leyla lucia magdalena malala maryam
meera nadine natalia noor nour oksana parisa pooja rania rasha salma samira shirin sunita svetlana
tatiana valentina yasmin yasmine yulia zainab zahra
"""
_MALE = """
aaron abdul abraham adam adrian ahmed alan albert alec alejandro alexander alfred ali allan
alonzo alvin amir andre andrew andy angus anthony antonio archie arnold arthur austin barry ben
benjamin bernard bernie bill billy blake bob bobby boris brad bradley brandon brendan brent brett
brian bruce bryan byron caleb calvin cameron carl carlos chad charles charlie christian
christopher chuck clarence claude clayton clifford clint clyde cody colin conor connor craig curtis
dale dan daniel danny darren darryl dave david dean dennis derek desmond dick dominic don donald
doug douglas duncan dustin dwayne dwight earl ed eddie edgar edward edwin eli elias elijah elliot
emmanuel enrique eric erik ernest ethan eugene evan felix fernando francis francisco frank
franklin fred frederick gabriel gareth garry gary gavin gene geoffrey george gerald gerard gilbert
glen glenn gordon graham grant greg gregory gus guy hamish hank harold harris harry harvey hassan
hector henry herbert howard hugh hugo ian isaac ivan jack jacob jake james jared jason jay
jean-pierre jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel john johnny jon jonathan
 jorge jose joseph josh joshua juan julian justin keith ken kenneth kent kevin kirk kurt
kyle lance larry lawrence leo leon leonard leroy lester lewis liam lloyd logan lorne louis
lucas luis luke malcolm manuel marc marco marcus mario mark martin marvin mathieu matt matthew
maurice max maxime melvin michael miguel mike miles mitch mitchell mohamed mohammed muhammad murray
nathan nathaniel neil nelson nicholas nick nigel noah norman oliver omar oscar owen pablo patrick
paul pedro perry pete peter phil philip phillip pierre rafael ralph randall randy raul ray raymond
reggie rex ricardo richard rick ricky rob robert roberto rod roderick rodney roger roland
ron ronald ross roy ruben rudy russell ryan salvador samuel scott sean sergio seth shane shaun
sidney simon stan stanley stefan stephen steve steven stuart ted terrence theodore thomas
tim timothy toby todd tom tommy tony travis trevor troy tyler vernon victor vincent wade walter
warren wayne wesley will william willie xavier yves zachary
abdullah ahmad alexei amit andrei anil arjun bashar dmitry dmitri fahad faisal francois
hamid hamza hiroshi hussein ibrahim igor ismail jagmeet jamal javier karim khalid mahmoud mehmet
mikhail mohamad mohammad mustafa navdeep nikolai oleg rahul rajesh recep salman sanjay
sergei sergey suleiman tariq vikram vladimir yousef youssef yuri yusuf ziad
"""
# fmt: on

#: Given name (lower case) -> `m` or `f`.
FIRST_NAME_GENDER: dict[str, str] = {
    **{name: "f" for name in _FEMALE.split()},
    **{name: "m" for name in _MALE.split()},
}

#: Kin and partners named after a person and `and` (`Lee and her husband`).
_KIN = frozenset(
    {"husband", "wife", "partner", "son", "sons", "daughter", "daughters", "mother", "father", "brother",
     "sister", "parents", "children", "family", "fiancé", "fiancée", "girlfriend", "boyfriend", "lawyer"}
)  # fmt: skip


def two_people(left: list[str], right: list[str]) -> bool:
    """Tell whether the words on each side of `and` name two people who speak together.

    `Ann Lee and Tom Berg`, `Kim and Clark Moran`, `Lee and her husband`: each side is a name of at
    most three capitalised words and one of them opens with a given name, or the right side is a
    possessive and a word of kin. Without a given name (`Marks and Spencer`, `Heart and Stroke`) the
    words may name an organisation: they stay apart.
    """
    if not 0 < len(left) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in left):
        return False
    if any(w.lower() in PLACES for w in (*left, *right)):
        return False  # (`voters in Georgia and Virginia`: places, not people)
    if len(right) == 2 and right[0] in ("her", "his", "their") and right[1] in _KIN:
        return True
    return (
        0 < len(right) <= 3
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in right)
        and (left[0].lower() in FIRST_NAME_GENDER or right[0].lower() in FIRST_NAME_GENDER)
    )
