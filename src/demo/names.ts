// Word lists the demo draws names from; two distinct styles keep the two demo companies' data visibly different.

export interface NameStyle {
  readonly prefixes: readonly string[];
  readonly trades: readonly string[];
  readonly suffixes: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly places: readonly Place[];
  readonly streets: readonly string[];
}

export interface Place {
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
  readonly countryCode: string;
}

const usPlaces: Place[] = [
  ['San Jose', 'CA', '95113'], ['San Francisco', 'CA', '94105'], ['Los Angeles', 'CA', '90017'], ['San Diego', 'CA', '92101'],
  ['Phoenix', 'AZ', '85004'], ['Mesa', 'AZ', '85201'], ['Austin', 'TX', '78701'], ['Dallas', 'TX', '75201'],
  ['Denver', 'CO', '80202'], ['Seattle', 'WA', '98101'], ['Portland', 'OR', '97204'], ['Chicago', 'IL', '60603'],
  ['Boston', 'MA', '02110'], ['New York', 'NY', '10004'], ['Atlanta', 'GA', '30303'], ['Miami', 'FL', '33131'],
  ['Minneapolis', 'MN', '55402'], ['Raleigh', 'NC', '27601'], ['Salt Lake City', 'UT', '84111'], ['Columbus', 'OH', '43215'],
].map(([city, state, zip]) => ({ city: city!, state: state!, zip: zip!, country: 'United States', countryCode: 'US' }));

const ukPlaces: Place[] = [
  ['London', 'Greater London', 'EC2V 7HH'], ['Manchester', 'Greater Manchester', 'M1 1AE'], ['Leeds', 'West Yorkshire', 'LS1 4DY'],
  ['Bristol', 'Bristol', 'BS1 4ST'], ['Edinburgh', 'Midlothian', 'EH2 2BY'], ['Glasgow', 'Lanarkshire', 'G1 3SL'],
  ['Cardiff', 'South Glamorgan', 'CF10 1EP'], ['Birmingham', 'West Midlands', 'B2 4QA'], ['Reading', 'Berkshire', 'RG1 1AX'],
  ['Cambridge', 'Cambridgeshire', 'CB2 1TN'], ['York', 'North Yorkshire', 'YO1 7HH'], ['Newcastle', 'Tyne and Wear', 'NE1 7RU'],
].map(([city, state, zip]) => ({ city: city!, state: state!, zip: zip!, country: 'United Kingdom', countryCode: 'GB' }));

const euPlaces: Place[] = [
  { city: 'Zug', state: 'ZG', zip: '6300', country: 'Switzerland', countryCode: 'CH' },
  { city: 'Dublin', state: 'Dublin', zip: 'D02 X285', country: 'Ireland', countryCode: 'IE' },
  { city: 'Amsterdam', state: 'NH', zip: '1017 CE', country: 'Netherlands', countryCode: 'NL' },
  { city: 'Toronto', state: 'ON', zip: 'M5H 2N2', country: 'Canada', countryCode: 'CA' },
];

/** ledgerq Demo Inc.: American-style trade names. */
export const AMERICAN: NameStyle = {
  prefixes: [
    'Acme', 'Apex', 'Atlas', 'Beacon', 'Blue Ridge', 'Bright', 'Brookside', 'Cascade', 'Cedar', 'Centennial', 'Coastal', 'Copper',
    'Crescent', 'Delta', 'Eagle', 'Evergreen', 'Frontier', 'Golden Gate', 'Granite', 'Harbor', 'Heritage', 'Horizon', 'Ironwood',
    'Keystone', 'Lakeside', 'Liberty', 'Lone Star', 'Maple', 'Meridian', 'Midwest', 'Northstar', 'Oakridge', 'Pacific', 'Pinnacle',
    'Pioneer', 'Prairie', 'Quantum', 'Redwood', 'Riverbend', 'Sierra', 'Silverline', 'Summit', 'Sunbelt', 'Tristate', 'Union',
    'Vanguard', 'Vista', 'Westfield', 'Bayview', 'Birchwood', 'Benchmark', 'Bluebird', 'Canyon', 'Anchor', 'Ingram', 'Lincoln',
  ],
  trades: [
    'Services', 'Supply', 'Logistics', 'Consulting', 'Industries', 'Partners', 'Systems', 'Electric', 'Foods', 'Office Products',
    'Print & Design', 'Software', 'Staffing', 'Freight', 'Janitorial', 'Telecom', 'Analytics', 'Security', 'Packaging', 'Legal Group',
    'Insurance', 'Media', 'Networks', 'Facilities', 'Equipment Rental', 'Catering', 'Travel', 'Marketing', 'Labs', 'Energy',
  ],
  suffixes: ['', '', '', ' Inc.', ' LLC', ' Corp.', ' Co.', ' Group'],
  firstNames: [
    'Alice', 'Aaron', 'Anthony', 'Barbara', 'Ben', 'Brian', 'Carla', 'Chris', 'Dana', 'David', 'Diane', 'Elena', 'Eric', 'Frank',
    'Gabriel', 'Grace', 'Hannah', 'Henry', 'Irene', 'Jack', 'Jim', 'John', 'Julia', 'Karen', 'Kevin', 'Laura', 'Luis', 'Maria',
    'Mark', 'Megan', 'Nina', 'Omar', 'Pam', 'Paul', 'Quinn', 'Rachel', 'Raj', 'Rosa', 'Sam', 'Sarah', 'Steve', 'Tanya', 'Tom',
    'Uma', 'Victor', 'Wanda', 'Will', 'Xavier', 'Yvonne', 'Zoe',
  ],
  lastNames: [
    'Ackman', 'Baker', 'Barnes', 'Bennett', 'Brooks', 'Brown', 'Bryant', 'Carter', 'Chen', 'Clark', 'Davis', 'Diaz', 'Edwards',
    'Evans', 'Fisher', 'Flores', 'Garcia', 'Gonzalez', 'Gray', 'Halpert', 'Hayes', 'Hughes', 'Jackson', 'Jurasek', 'Kim', 'Lopez',
    'Martin', 'Miller', 'Mitchell', 'Morgan', 'Nguyen', 'Ortiz', 'Patel', 'Perez', 'Price', 'Reser', 'Reyes', 'Rivera', 'Roberts',
    'Robinson', 'Sanders', 'Scott', 'Smith', 'Stewart', 'Sullivan', 'Taylor', 'Thompson', 'Turner', 'Walker', 'Watson', 'Young',
  ],
  places: [...usPlaces, ...ukPlaces, ...euPlaces],
  streets: ['Market Street', 'Main Street', 'Oak Avenue', 'Park Boulevard', 'Mission Street', 'Broadway', 'Elm Street', 'Pine Street', 'Lake Drive', 'Commerce Way', 'Industrial Parkway', 'First Avenue'],
};

/** ledgerq Demo Two Ltd.: British-style names, none shared with the first company's trade names. */
export const BRITISH: NameStyle = {
  prefixes: [
    'Albion', 'Avon', 'Bramley', 'Calder', 'Chiltern', 'Cotswold', 'Dorset', 'Exmoor', 'Fenland', 'Galloway', 'Hadley', 'Kestrel',
    'Lambeth', 'Malvern', 'Mersey', 'Northumbria', 'Ouse', 'Pennine', 'Quayside', 'Ribble', 'Severn', 'Solent', 'Tamar', 'Thames',
    'Tyne', 'Wessex', 'Windsor', 'Wye', 'Yorkshire Dales', 'Harrogate',
  ],
  trades: [
    'Haulage', 'Stationers', 'Joinery', 'Ironmongers', 'Accountancy', 'Cleaning', 'Couriers', 'Printers', 'Engineering', 'Catering',
    'Plumbing', 'Recruitment', 'Hire', 'Surveyors', 'Solicitors', 'Brewery', 'Textiles', 'Timber',
  ],
  suffixes: [' Ltd', ' Ltd', ' plc', ' & Sons', ' LLP', ''],
  firstNames: [
    'Alistair', 'Bronwyn', 'Callum', 'Deirdre', 'Euan', 'Fiona', 'Gareth', 'Harriet', 'Imogen', 'Jocelyn', 'Kieran', 'Lachlan',
    'Morag', 'Niamh', 'Oliver', 'Poppy', 'Rhys', 'Siobhan', 'Tristan', 'Una', 'Wilfred', 'Ysolde',
  ],
  lastNames: [
    'Ashworth', 'Blackwood', 'Cartwright', 'Dunmore', 'Fairbairn', 'Greenhalgh', 'Hargreaves', 'Illingworth', 'Kettering',
    'Lockwood', 'McAllister', 'Netherton', 'Oakes', 'Pemberton', 'Quarmby', 'Rowntree', 'Sutcliffe', 'Thwaite', 'Whitworth', 'Yardley',
  ],
  places: ukPlaces,
  streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane', 'Kings Road', 'The Green', 'Queen Street'],
};

export const ITEM_NAMES: readonly string[] = [
  'Widget', 'Gadget', 'Bracket', 'Bolt Kit', 'Cable Assembly', 'Power Supply', 'Sensor Module', 'Control Board', 'Enclosure',
  'Fan Assembly', 'Battery Pack', 'Display Panel', 'Keyboard', 'Docking Station', 'Router', 'Switch 24-port', 'Firewall Appliance',
  'Consulting Hour', 'Installation Service', 'Support Plan', 'Training Day', 'Software License', 'Subscription (annual)',
  'Maintenance Visit', 'Shipping & Handling', 'Spare Parts Kit', 'Calibration Service', 'Laptop', 'Monitor 27in', 'Headset',
];

export const PROJECT_NAMES: readonly string[] = [
  'Widget Development', 'Special tools', 'ERP Rollout', 'Website Redesign', 'Warehouse Automation', 'Data Migration',
  'Mobile App', 'Customer Portal', 'Office Move', 'Security Audit', 'Cloud Migration', 'Product Launch', 'Sales Kickoff',
  'Quality Program', 'Network Upgrade', 'Payroll Integration', 'Brand Refresh', 'Supplier Onboarding', 'Analytics Platform',
  'Compliance Review', 'Training Program', 'Pilot Plant', 'Field Service Upgrade', 'Retail Expansion', 'Lab Build-out',
];

export const TASK_NAMES: readonly string[] = [
  'Requirements gathering', 'Design', 'Prototyping', 'Build', 'Testing', 'Deployment', 'Training', 'Documentation',
  'Project management', 'Data conversion', 'Go-live support', 'Review',
];

export const ASSETS: readonly { readonly name: string; readonly assetClass: string; readonly monthlyCents: readonly [number, number] }[] = [
  { name: 'Thinkpad T61', assetClass: 'Computer Equipment', monthlyCents: [1500, 4800] },
  { name: 'MacBook Pro 14', assetClass: 'Computer Equipment', monthlyCents: [4500, 9000] },
  { name: 'Dell Latitude 7440', assetClass: 'Computer Equipment', monthlyCents: [3000, 7000] },
  { name: 'HP LaserJet Enterprise', assetClass: 'Office Equipment', monthlyCents: [1200, 3500] },
  { name: 'Forklift FX-200', assetClass: 'Vehicles', monthlyCents: [25000, 60000] },
  { name: 'Ford Transit Van', assetClass: 'Vehicles', monthlyCents: [40000, 80000] },
  { name: 'Conference Table', assetClass: 'Furniture and Fixtures', monthlyCents: [2000, 6000] },
  { name: 'Server Rack R740', assetClass: 'Computer Equipment', monthlyCents: [15000, 30000] },
];
