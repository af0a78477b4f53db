// Reference scores for tests/data/cvss/: random vectors of one CVSS version scored by independent
// JavaScript implementations from npm (not used by embargo itself; run by hand to refresh the data):
//   npm install ae-cvss-calculator@1.0.13 @pandatix/js-cvss@0.4.4
//   node scripts/cvss_reference_vectors.js VERSION SEED COUNT > tests/data/cvss/reference_vVERSION.tsv
// VERSION: 2, 30, 31 or 4. Output: vector TAB base TAB temporal TAB environmental ('-': none given).
// v3.x and v4.0 scores come from ae-cvss-calculator (metaeffekt); v2 from @pandatix/js-cvss, because
// ae-cvss-calculator rounds v2 ties such as 7.35 down (FIRST's v2 guide rounds them up: 9.2, 7.5).
const ae = require('ae-cvss-calculator');
const pd = require('@pandatix/js-cvss');
let seed = Number(process.argv[3] || 1);
function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; }
function pick(a) { return a[rnd(a.length)]; }
const V2 = [['AV','LAN'],['AC','HML'],['Au','MSN'],['C','NPC'],['I','NPC'],['A','NPC']];
const V2opt = [['E',['U','POC','F','H','ND']],['RL',['OF','TF','W','U','ND']],['RC',['UC','UR','C','ND']],['CDP',['N','L','LM','MH','H','ND']],['TD',['N','L','M','H','ND']],['CR',['L','M','H','ND']],['IR',['L','M','H','ND']],['AR',['L','M','H','ND']]];
const V3 = [['AV','NALP'],['AC','LH'],['PR','NLH'],['UI','NR'],['S','UC'],['C','HLN'],['I','HLN'],['A','HLN']];
const V3opt = [['E','XUPFH'],['RL','XOTWU'],['RC','XURC'],['CR','XLMH'],['IR','XLMH'],['AR','XLMH'],['MAV','XNALP'],['MAC','XLH'],['MPR','XNLH'],['MUI','XNR'],['MS','XUC'],['MC','XNLH'],['MI','XNLH'],['MA','XNLH']];
const V4 = [['AV','NALP'],['AC','LH'],['AT','NP'],['PR','NLH'],['UI','NPA'],['VC','HLN'],['VI','HLN'],['VA','HLN'],['SC','HLN'],['SI','HLN'],['SA','HLN']];
const V4opt = [['E','XAPU'],['CR','XHML'],['IR','XHML'],['AR','XHML'],['MAV','XNALP'],['MAC','XLH'],['MAT','XNP'],['MPR','XNLH'],['MUI','XNPA'],['MVC','XHLN'],['MVI','XHLN'],['MVA','XHLN'],['MSC','XHLN'],['MSI','XSHLN'],['MSA','XSHLN'],['S','XNP'],['AU','XNY'],['R','XAUI'],['V','XDC'],['RE','XLMH'],['U',['X','Clear','Green','Amber','Red']]];
function build(prefix, base, opt, pOpt) {
  const parts = base.map(([k, vs]) => k + ':' + pick([...vs]));
  for (const [k, vs] of opt) if (rnd(100) < pOpt) parts.push(k + ':' + pick(typeof vs === 'string' ? [...vs] : vs));
  return prefix + parts.join('/');
}
const which = process.argv[2]; const n = Number(process.argv[4] || 2000);
const f = x => x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(1);
for (let i = 0; i < n; i++) {
  const pOpt = [0, 30, 70, 100][i % 4];
  let v, a, p;
  if (which === '2') { v = build('', V2, [], 0);
    if (i % 2) v += '/' + V2opt.slice(0, 3).map(([k, vs]) => k + ':' + pick(vs)).join('/');
    if (rnd(2)) v += '/' + V2opt.slice(3).map(([k, vs]) => k + ':' + pick(vs)).join('/');
    const s = new ae.Cvss2(v).calculateScores(); const q = new pd.CVSS20(v);
    a = [s.base, s.temporal, s.environmental].map(f).join(' '); p = [q.BaseScore(), q.TemporalScore(), q.EnvironmentalScore()].map(f).join(' ');
  } else if (which === '30' || which === '31') { v = build('CVSS:3.' + which[1] + '/', V3, V3opt, pOpt);
    const s = (which === '30' ? new ae.Cvss3P0(v) : new ae.Cvss3P1(v)).calculateScores(); const q = which === '30' ? new pd.CVSS30(v) : new pd.CVSS31(v);
    a = [s.base, s.temporal, s.environmental].map(f).join(' '); p = [q.BaseScore(), q.TemporalScore(), q.EnvironmentalScore()].map(f).join(' ');
  } else { v = build('CVSS:4.0/', V4, V4opt, pOpt);
    const s = new ae.Cvss4P0(v).calculateScores(); const q = new pd.CVSS40(v);
    a = f(s.overall !== undefined ? s.overall : s.base); p = f(q.Score());
  }
  const out = which === '2' ? p.split(' ') : a.split(' ');
  if (which === '2') { if (!v.includes('E:')) out[1] = '-'; if (!v.includes('CDP:')) out[2] = '-'; }
  while (out.length < 3) out.push('-');
  console.log([v, ...out].join('\t'));
}
