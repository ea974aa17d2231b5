namespace ResearchKit.Data.Synthetic;

/// <summary>The small vocabulary item titles, category and brand names are built from.</summary>
internal static class ShopVocabulary
{
    /// <summary>Category names with the nouns their item titles use.</summary>
    public static readonly (string Name, string[] Nouns)[] Categories =
    [
        ("Electronics", ["Headphones", "Speaker", "Charger", "Earbuds", "Power Bank"]),
        ("Books", ["Novel", "Cookbook", "Biography", "Guide", "Anthology"]),
        ("Kitchen", ["Pan", "Knife Set", "Kettle", "Blender", "Cutting Board"]),
        ("Fashion", ["Jacket", "T-Shirt", "Sneakers", "Scarf", "Jeans"]),
        ("Beauty", ["Serum", "Lipstick", "Moisturiser", "Shampoo", "Perfume"]),
        ("Sports", ["Yoga Mat", "Dumbbell", "Running Shoes", "Water Bottle", "Tennis Racket"]),
        ("Toys", ["Puzzle", "Building Set", "Plush Bear", "Board Game", "Toy Car"]),
        ("Garden", ["Hose", "Planter", "Pruner", "Seed Kit", "Lawn Chair"]),
        ("Home", ["Lamp", "Cushion", "Rug", "Candle", "Clock"]),
        ("Grocery", ["Coffee", "Tea", "Olive Oil", "Granola", "Chocolate"]),
        ("Pets", ["Dog Bed", "Cat Toy", "Leash", "Pet Food", "Aquarium"]),
        ("Office", ["Notebook", "Desk Organiser", "Pen Set", "Stapler", "Monitor Stand"]),
        ("Automotive", ["Car Mat", "Dash Cam", "Tyre Inflator", "Seat Cover", "Car Charger"]),
        ("Baby", ["Stroller", "Baby Monitor", "Bib Set", "Rattle", "Diaper Bag"]),
        ("Music", ["Guitar Strings", "Ukulele", "Keyboard", "Microphone", "Metronome"]),
        ("Games", ["Controller", "Gaming Mouse", "Headset", "Game Card", "Console Stand"]),
        ("Health", ["Vitamins", "Thermometer", "First Aid Kit", "Massage Gun", "Scale"]),
        ("Tools", ["Drill", "Screwdriver Set", "Tape Measure", "Hammer", "Work Light"]),
        ("Outdoor", ["Tent", "Backpack", "Sleeping Bag", "Headlamp", "Camping Stove"]),
        ("Jewellery", ["Necklace", "Ring", "Bracelet", "Earrings", "Watch"]),
        ("Stationery", ["Sketchbook", "Marker Set", "Washi Tape", "Fountain Pen", "Planner"]),
        ("Travel", ["Suitcase", "Neck Pillow", "Travel Adapter", "Packing Cubes", "Luggage Tag"]),
        ("Photography", ["Tripod", "Camera Bag", "Lens Cloth", "Memory Card", "Ring Light"]),
        ("Crafts", ["Yarn", "Paint Set", "Glue Gun", "Fabric Bundle", "Bead Kit"]),
    ];

    /// <summary>Adjectives for titles.</summary>
    public static readonly string[] Adjectives =
    [
        "Classic", "Compact", "Premium", "Eco", "Deluxe", "Essential", "Pro", "Smart", "Vintage", "Ultra",
        "Everyday", "Lightweight", "Organic", "Wireless", "Handmade", "Rugged", "Mini", "Signature", "Sleek", "Cosy",
    ];

    /// <summary>Colour / variant words for titles.</summary>
    public static readonly string[] Variants =
    [
        "Black", "White", "Blue", "Red", "Green", "Grey", "Sand", "Navy", "Olive", "Rose", "XL", "2-Pack", "Set of 3", "V2", "Plus",
    ];

    private static readonly string[] Syllables =
    [
        "nor", "vik", "al", "ta", "ra", "lu", "men", "kor", "sa", "vi", "do", "ex", "qua", "ri", "zen", "po", "li", "tek", "mo", "bel",
    ];

    /// <summary>The category name of code <paramref name="c"/> (numbered once the list runs out).</summary>
    public static string CategoryName(int c) =>
        c < Categories.Length ? Categories[c].Name : $"{Categories[c % Categories.Length].Name} {c / Categories.Length + 1}";

    /// <summary>The nouns of category <paramref name="c"/>.</summary>
    public static string[] Nouns(int c) => Categories[c % Categories.Length].Nouns;

    /// <summary>A pronounceable, unique brand name for brand <paramref name="b"/> (two or three syllables).</summary>
    public static string BrandName(int b)
    {
        var n = Syllables.Length;
        var a = Syllables[b % n];
        var second = Syllables[(b / n + 7 * (b % n) + 3) % n];
        var name = b < n * n ? a + second : a + second + Syllables[b / (n * n) % n] + (b / (n * n * n) > 0 ? (b / (n * n * n)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        return char.ToUpperInvariant(name[0]) + name[1..];
    }
}
