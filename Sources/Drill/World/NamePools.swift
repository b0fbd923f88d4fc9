/// Names in New Zealand's mix: Māori (with macrons where they belong), Pākehā, Pacific, Chinese,
/// Indian, Korean, Filipino. Synthetic people are made from these; none is a real person.
enum Ethnicity: CaseIterable {
    case maori, pakeha, pacific, chinese, indian, korean, filipino

    /// Roughly a New Zealand urban practice's mix.
    static let weights: [(Ethnicity, Double)] = [
        (.pakeha, 0.52), (.maori, 0.17), (.pacific, 0.09), (.chinese, 0.08), (.indian, 0.08), (.korean, 0.02), (.filipino, 0.04),
    ]
}

enum NamePools {
    static func family(_ e: Ethnicity) -> [String] {
        switch e {
        case .maori: return ["Tipene", "Ngata", "Parata", "Te Whata", "Tūhiwai", "Pōmare", "Waititi", "Tāwhai", "Rāwiri",
                             "Hōhepa", "Te Huia", "Ruatapu", "Māhaki", "Kereama", "Walker", "Nikora", "Tamihana", "Paewai"]
        case .pakeha: return ["Smith", "Wilson", "Brown", "Taylor", "Williams", "Thompson", "Anderson", "Walker", "Campbell",
                              "Stewart", "Robertson", "Harris", "MacDonald", "O'Brien", "Fitzgerald-Hart", "Clarke", "Mitchell",
                              "Young", "King", "Wright", "Scott", "Hughes", "Morrison", "Bennett", "Reid", "Murray", "Grant"]
        case .pacific: return ["Tuilagi", "Fa'alogo", "Taufa", "Tupou", "Sopoaga", "Leota", "Fonoti", "Vaifale", "Mahe",
                               "Havili", "Fifita", "Latu", "Aumua", "Tuimavave", "Schuster"]
        case .chinese: return ["Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Zhou", "Wu", "Lin", "Yang"]
        case .indian: return ["Patel", "Singh", "Sharma", "Kumar", "Reddy", "Prasad", "Naidu", "Kaur", "Gupta", "Chand"]
        case .korean: return ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"]
        case .filipino: return ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "dela Cruz", "Mendoza", "Ramos"]
        }
    }

    /// Family names of more than one word, with particles, hyphens or Māori articles, as clinicians
    /// (and labs, and banks) write them.
    static let multiWordFamily = ["de Vries", "Te Hira", "Van der Berg", "Dela Cruz", "Bowen-Jones", "Le Roux", "da Silva",
                                  "Te Awa", "van Heerden", "Mac an tSaoir", "Ó Briain", "De La Mare", "St John"]

    static func given(_ e: Ethnicity, female: Bool) -> [String] {
        switch (e, female) {
        case (.maori, true): return ["Aroha", "Mere", "Ngaio", "Hine", "Mīria", "Kiri", "Anahera", "Moana", "Tia", "Wikitōria", "Maia"]
        case (.maori, false): return ["Tāmati", "Wiremu", "Hēmi", "Rāwiri", "Nikau", "Kahu", "Tane", "Hōhepa", "Manaia", "Rangi", "Ari"]
        case (.pakeha, true): return ["Elizabeth", "Margaret", "Catherine", "Jennifer", "Sarah", "Emma", "Olivia", "Charlotte",
                                      "Susan", "Deborah", "Rebecca", "Victoria", "Amelia", "Isla", "Ruby", "Patricia", "Renée", "Zoë", "Chloé"]
        case (.pakeha, false): return ["Robert", "William", "James", "Michael", "Thomas", "Richard", "Anthony", "Christopher",
                                       "David", "Joseph", "Benjamin", "Oliver", "Jack", "Samuel", "Andrew", "Edward"]
        case (.pacific, true): return ["Losa", "Mele", "Salote", "Ana", "Fetu", "Sina", "Lupe", "Malia", "Seini"]
        case (.pacific, false): return ["Sione", "Tevita", "Ioane", "Viliami", "Semisi", "Lemi", "Pita", "Malakai"]
        case (.chinese, true): return ["Mei", "Jing", "Yan", "Xiu", "Li Na", "Wen", "Grace", "Amy"]
        case (.chinese, false): return ["Wei", "Jun", "Xiaoming", "Hao", "Lei", "Kevin", "Jason", "Bo"]
        case (.indian, true): return ["Priya", "Anjali", "Deepa", "Harpreet", "Sunita", "Kavya", "Neha", "Pooja"]
        case (.indian, false): return ["Rahul", "Arjun", "Sanjay", "Vikram", "Amit", "Ravi", "Harjit", "Rohan"]
        case (.korean, true): return ["Seo-yeon", "Ha-eun", "Ji-woo", "Min-seo", "Soo-ah"]
        case (.korean, false): return ["Min-jun", "Ji-ho", "Seo-jun", "Do-yun", "Hyun-woo"]
        case (.filipino, true): return ["Maria", "Angelica", "Jasmine", "Kristine", "Rose", "Joy"]
        case (.filipino, false): return ["Jose", "Mark", "John Paul", "Carlo", "Miguel", "Rafael"]
        }
    }

    static let streets = ["Rata Street", "Kowhai Road", "Pōhutukawa Avenue", "Queen Street", "Dominion Road", "Great North Road",
                          "Manukau Road", "Tōtara Place", "Karaka Lane", "Puriri Drive", "Sandringham Road", "Mt Eden Road",
                          "Balmoral Road", "Kauri Crescent", "Rimu Street", "Matai Road"]
    static let suburbs: [(String, String)] = [("Mt Eden", "1024"), ("Sandringham", "1025"), ("Balmoral", "1024"),
                                              ("Kingsland", "1021"), ("Mt Albert", "1025"), ("Ōwairaka", "1025"),
                                              ("Epsom", "1023"), ("Onehunga", "1061"), ("Three Kings", "1042")]

    static let reasons = ["chest pain", "sore throat", "knee pain", "back pain", "cough", "repeat script", "BP check",
                          "diabetes review", "rash", "ear infection", "asthma", "anxiety", "headache", "UTI", "medical certificate",
                          "wound check", "immunisations", "smear", "fever", "abdominal pain", "mole check", "dizziness"]

    static let tests: [(code: String, name: String, unit: String, low: Double, high: Double)] = [
        ("HBA1C", "HbA1c", "mmol/mol", 20, 40), ("K", "Potassium", "mmol/L", 3.5, 5.2), ("NA", "Sodium", "mmol/L", 135, 145),
        ("CREAT", "Creatinine", "umol/L", 45, 90), ("HB", "Haemoglobin", "g/L", 115, 155), ("CRP", "C-reactive protein", "mg/L", 0, 5),
        ("TSH", "TSH", "mU/L", 0.3, 4.5), ("FERR", "Ferritin", "ug/L", 20, 200), ("CHOL", "Cholesterol", "mmol/L", 0, 5),
        ("ALT", "ALT", "U/L", 0, 45), ("WBC", "White cell count", "x10^9/L", 4, 11), ("TROP", "Troponin T", "ng/L", 0, 14),
    ]

    static let specialties = [("CAR", "Cardiology"), ("ORT", "Orthopaedics"), ("DER", "Dermatology"), ("GAS", "Gastroenterology"),
                              ("ENT", "ENT"), ("GYN", "Gynaecology"), ("MH", "Mental Health"), ("PAED", "Paediatrics")]
    static let hospitals = ["Auckland City Hospital", "Greenlane Clinical Centre", "Starship Children's Hospital", "Middlemore Hospital"]
}
