// The cleaning of routes/datasets/hotel_bookings.yaml done by Polars, as a reference for
// docs/BENCHMARKS.md (run by the Maven profile `benchmark` after io.tributary.bench.CleanBenchmark).
// Not part of Tributary: the spec's rules written by hand as Polars expressions.
//
// Arguments: input CSV, output directory (clean.csv and clean.jsonl are written there), runs.
const pl = require('nodejs-polars');
const fs = require('fs');
const path = require('path');

const [input, outDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
fs.mkdirSync(outDir, { recursive: true });
const csvOut = path.join(outDir, 'clean.csv');
const jsonlOut = path.join(outDir, 'clean.jsonl');

// columns: the spec's declared types (undeclared columns stay text)
const ints = ['is_canceled', 'lead_time', 'arrival_date_year', 'arrival_date_week_number',
  'arrival_date_day_of_month', 'stays_in_weekend_nights', 'stays_in_week_nights', 'adults', 'children',
  'babies', 'is_repeated_guest', 'previous_cancellations', 'previous_bookings_not_canceled',
  'booking_changes', 'agent', 'company', 'days_in_waiting_list', 'required_car_parking_spaces',
  'total_of_special_requests'];
const dtypes = { adr: pl.Float64 };
for (const c of ints) dtypes[c] = pl.Int32;
const zero = pl.lit(0).cast(pl.Int32);

const seconds = (from, to) => Number(to - from) / 1e9;
for (let run = 1; run <= runs; run++) {
  for (const f of [csvOut, jsonlOut]) fs.rmSync(f, { force: true });
  const cpuBefore = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  // format: header, null_values ["NULL", "NA", ""]
  const raw = pl.readCSV(input, { hasHeader: true, nullValues: ['NULL', 'NA', ''], dtypes });
  const t1 = process.hrtime.bigint();
  // adr: outliers {method: iqr, k: 3, action: clamp}, on the file's quartiles (linear, as pandas)
  const adr = raw.getColumn('adr');
  const q1 = adr.quantile(0.25, 'linear');
  const q3 = adr.quantile(0.75, 'linear');
  const clean = raw.withColumns(
      pl.col('company').fillNull(zero), // company: missing {fill: 0}
      pl.col('adr').clip(q1 - 3 * (q3 - q1), q3 + 3 * (q3 - q1)),
      pl.col('reservation_status_date').str.strptime(pl.Date, '%m/%d/%Y'),
      // derive: arrival_date and total_guests
      pl.concatString([pl.col('arrival_date_year'), pl.col('arrival_date_month'),
        pl.col('arrival_date_day_of_month')], '-').str.strptime(pl.Date, '%Y-%B-%d').alias('arrival_date'),
      pl.col('adults').add(pl.col('children').fillNull(zero)).add(pl.col('babies')).alias('total_guests'))
    // rows: drop_when no_guests
    .filter(pl.col('adults').eq(0).and(pl.col('children').fillNull(zero).eq(0)).and(pl.col('babies').eq(0)).not())
    // duplicates: exact, the first one stays
    .unique({ maintainOrder: true });
  const t2 = process.hrtime.bigint();
  clean.writeCSV(csvOut);
  const t3 = process.hrtime.bigint();
  clean.writeJSON(jsonlOut, { format: 'lines' });
  const t4 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const total = seconds(t0, t4);
  console.log(`polars run ${run}: ${raw.height.toLocaleString("en")} rows in ${total.toFixed(2)} s = ${Math.round(Number(raw.height) / total).toLocaleString('en')} rows/s;`
    + ` read ${seconds(t0, t1).toFixed(2)} s, clean ${seconds(t1, t2).toFixed(2)} s, CSV ${seconds(t2, t3).toFixed(2)} s,`
    + ` JSON Lines ${seconds(t3, t4).toFixed(2)} s; out ${clean.height.toLocaleString('en')};`
    + ` CPU ${cpuSeconds.toFixed(2)} s (${(cpuSeconds / total).toFixed(2)} cores)`);
}
const hwm = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith('VmHWM'));
console.log(`polars ${require('nodejs-polars/package.json').version}, node ${process.version}: peak RSS ${Math.round(Number(hwm.replace(/[^0-9]/g, '')) / 1024)} MB`);
