"""Runs Splink (DuckDB) on one benchmark dataset and writes pairs.csv and clusters.csv in Lacuna's
format. Run by bench.py in its own process, so its time and memory are measured alone.

    python splink_job.py febrl3|febrl4|people INPUT [INPUT2] OUT_DIR
"""
import sys
import os
import logging

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

logging.disable(logging.WARNING)


def febrl_settings(link_type):
    return SettingsCreator(
        unique_id_column_name="rec_id",
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"), block_on("date_of_birth"), block_on("soc_sec_id"),
            block_on("postcode", "street_number"), block_on("surname", "suburb"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.PostcodeComparison("postcode"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )


def people_settings():
    return SettingsCreator(
        unique_id_column_name="id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("nhi"), block_on("dob", "substr(family, 1, 2)"), block_on("dob", "substr(given, 1, 2)"),
            block_on("phone"), block_on("email"), block_on("given", "family", "substr(dob, 1, 4)"),
        ],
        comparisons=[
            cl.ExactMatch("nhi"),
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
            cl.JaroWinklerAtThresholds("street", [0.9]),
            cl.ExactMatch("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def main():
    kind, paths, out = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
    os.makedirs(out, exist_ok=True)
    db_api = DuckDBAPI()
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False).replace("", None) for p in paths]
    if kind == "people":
        settings = people_settings()
        frames = [f.drop(columns=["person"]) for f in frames]
        training = [block_on("dob"), block_on("given", "family")]
        deterministic = [block_on("nhi"), block_on("given", "family", "dob")]
    else:
        settings = febrl_settings("link_only" if len(frames) == 2 else "dedupe_only")
        training = [block_on("date_of_birth"), block_on("given_name", "surname")]
        deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    tables = [db_api.register(f) for f in frames]
    linker = Linker(tables if len(tables) > 1 else tables[0], settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold_match_probability=0.5)
    id_column = "rec_id" if kind != "people" else "id"
    pairs = predictions.as_pandas_dataframe()
    pairs = pairs.rename(columns={f"{id_column}_l": "id_l", f"{id_column}_r": "id_r"})
    pairs[["id_l", "id_r", "match_probability", "match_weight"]].to_csv(os.path.join(out, "pairs.csv"), index=False)
    c = clusters.as_pandas_dataframe().rename(columns={id_column: "id", "cluster_id": "cluster"})
    c[["id", "cluster"]].to_csv(os.path.join(out, "clusters.csv"), index=False)


if __name__ == "__main__":
    main()
